import type { HandshakeAnswer } from '../raw/raw-handshake.ts';
import { failed, passed, type Judgement } from './judgement.ts';

export interface RefusalRule {
  /** What was wrong with the request, for the finding: "a handshake without Sec-WebSocket-Key". */
  request: string;
  /** Statuses that satisfy the rule. */
  statuses: (number | '4xx')[];
  /** An extra requirement on the refusal (a header, say); returns the problem, if any. */
  require?: (answer: Extract<HandshakeAnswer, { kind: 'refused' }>) => string | undefined;
}

/** A malformed handshake gets a prompt 4xx: never a 101, never a 5xx, never silence. */
export function judgeMalformedHandshake(answer: HandshakeAnswer, rule: RefusalRule): Judgement {
  const want = rule.statuses.join(' or ');
  const evidence = answer.timeline.render();
  if (answer.kind === 'no_answer') {
    return failed(
      answer.code === 'E2E_HANDSHAKE_TIMEOUT' ? 'handshake_hang' : 'no_answer',
      `${rule.request} got no HTTP answer: ${answer.detail}`,
      { observed: answer.detail },
      evidence,
    );
  }
  const status = answer.head.status;
  if (answer.kind === 'upgraded') {
    answer.connection.destroy();
    return failed(
      'malformed_upgraded',
      `${rule.request} was upgraded (101) instead of refused with ${want}`,
      { observed: '101 Switching Protocols', httpStatus: 101 },
      evidence,
    );
  }
  const obs = {
    observed: `HTTP ${status}${answer.body ? `: ${answer.body.slice(0, 160)}` : ''} in ${Math.round(answer.durationMs)} ms`,
    httpStatus: status,
  };
  if (status >= 500)
    return failed(
      'server_error',
      `${rule.request} made the server answer HTTP ${status} (a server error) instead of ${want}`,
      obs,
      evidence,
    );
  const ok = rule.statuses.some((s) => (s === '4xx' ? status >= 400 && status < 500 : s === status));
  if (!ok) return failed('wrong_status', `${rule.request} was answered HTTP ${status}, not ${want}`, obs, evidence);
  const problem = rule.require?.(answer);
  return problem
    ? failed('incomplete_refusal', `${rule.request}: HTTP ${status}, but ${problem}`, obs, evidence)
    : passed(obs);
}
