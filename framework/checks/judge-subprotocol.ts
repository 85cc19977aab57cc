import type { HandshakeAnswer } from '../raw/raw-handshake.ts';
import { failed, passed, type Judgement } from './judgement.ts';

export interface SelectionRule {
  /** What the client offered, in order. */
  offered: string[];
  /** The protocol the server must select, or undefined for "none". */
  expect: string | undefined;
  /** The entry that carried the token, which must never come back. */
  tokenEntry?: string | undefined;
  /** Refusal statuses that also satisfy the rule (e.g. 400 for "nothing known offered"). */
  refusals?: number[];
}

/** RFC 6455 §4.1/§4.2.2: the server selects one offered protocol or none, and never anything else. */
export function judgeSelection(answer: HandshakeAnswer, rule: SelectionRule): Judgement {
  const offered = rule.offered.length ? rule.offered.join(', ') : 'nothing';
  if (answer.kind === 'no_answer') {
    return failed(
      'no_answer',
      `offering ${offered}, the handshake got no answer: ${answer.detail}`,
      { observed: answer.detail },
      answer.timeline.render(),
    );
  }
  const evidence = answer.timeline.render();
  if (answer.kind === 'refused') {
    const obs = {
      observed: `HTTP ${answer.head.status}: ${answer.body.slice(0, 160)}`,
      httpStatus: answer.head.status,
    };
    if (rule.refusals?.includes(answer.head.status)) return passed(obs);
    return failed(
      'handshake_refused',
      `offering ${offered}, the upgrade was refused with HTTP ${answer.head.status}`,
      obs,
      evidence,
    );
  }
  const selected = answer.selectedProtocols;
  const obs = {
    observed: `101, Sec-WebSocket-Protocol: ${selected.length ? selected.join(', ') : '(none)'}${answer.acceptValid ? '' : ', Sec-WebSocket-Accept wrong'}`,
    httpStatus: 101,
  };
  const token = selected.find((p) => p === rule.tokenEntry);
  if (token) {
    return failed(
      'token_subprotocol_echoed',
      `the server selected the token entry as its subprotocol, echoing the credential in the 101 response (offered: ${offered})`,
      obs,
      evidence,
    );
  }
  const unoffered = selected.find((p) => !rule.offered.includes(p));
  if (unoffered) {
    return failed(
      'unoffered_subprotocol',
      `the server selected "${unoffered}", which the client did not offer (offered: ${offered}); RFC 6455 §4.1 makes a client fail that connection`,
      obs,
      evidence,
    );
  }
  if (selected.length > 1) {
    return failed(
      'subprotocol_repeated',
      `the server sent ${selected.length} subprotocol values (${selected.join(', ')}); it must select exactly one`,
      obs,
      evidence,
    );
  }
  if (rule.expect !== undefined && selected[0] !== rule.expect) {
    return failed(
      'subprotocol_not_selected',
      `offered ${offered}, the server selected ${selected[0] ?? 'no subprotocol'} instead of ${rule.expect}`,
      obs,
      evidence,
    );
  }
  if (rule.expect === undefined && selected.length > 0) {
    return failed(
      'unknown_subprotocol_selected',
      `the server selected "${selected[0]}", a protocol it does not speak (offered: ${offered})`,
      obs,
      evidence,
    );
  }
  if (!answer.acceptValid)
    return failed(
      'bad_accept',
      'the 101 carried a Sec-WebSocket-Accept that does not match the key sent (RFC 6455 §4.2.2)',
      obs,
      evidence,
    );
  return passed(obs);
}
