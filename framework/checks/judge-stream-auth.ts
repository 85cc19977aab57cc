import type { Run } from '../client/run.ts';
import type { SseChatClient } from '../client/sse-client.ts';
import { redactor } from '../report/redactor.ts';
import type { Presented } from './judge-auth.ts';
import { failed, passed, type Judgement, type Observation } from './judgement.ts';

/** What one run's POST came to over SSE: the answer's status, and whether its run started. */
export interface StreamAttempt extends Observation {
  /** The HTTP status of the answer; undefined when none came. */
  status: number | undefined;
  /** The contract's start event arrived on the stream. */
  started: boolean;
}

/** Summarises the stream that carried `run`: refused with a status, failed before any, or streamed (and then what). */
export function summarizeStream(client: Pick<SseChatClient, 'timeline' | 'contract'>, run: Run): StreamAttempt {
  const answer = client.timeline.entries.find((e) => e.kind === 'open' || e.kind === 'refused');
  const started = run.events.some((e) => e.type === client.contract.startEvent);
  if (answer?.kind === 'refused') {
    const body = answer.body ? `: ${answer.body.slice(0, 160)}` : '';
    return {
      status: answer.status,
      started,
      httpStatus: answer.status,
      observed: redactor.redact(`HTTP ${answer.status} before any event${body}`),
    };
  }
  if (answer?.kind !== 'open') {
    return { status: undefined, started, observed: redactor.redact(`no HTTP status: ${run.detail || 'no answer'}`) };
  }
  const then = started ? `, ${client.contract.startEvent}` : '';
  const ended = run.outcome === 'completed' ? `, the run ${run.outcome}` : `, then ${run.detail}`;
  return { status: 200, started, httpStatus: 200, observed: `HTTP 200 event stream${then}${ended}` };
}

/** A valid credential must get an event stream whose run starts. */
export function judgeStreamAccepted(s: StreamAttempt, p: Presented & { startEvent: string }): Judgement {
  if (s.started) return passed(s);
  if (s.status === undefined)
    return failed('handshake_failed', `${p.token} sent in ${p.transport}: the POST got no HTTP answer`, s, p.evidence);
  if (s.status !== 200)
    return failed(
      'valid_token_refused',
      `${p.token} sent in ${p.transport} was refused with HTTP ${s.status}`,
      s,
      p.evidence,
    );
  return failed(
    'not_ready',
    `${p.token} sent in ${p.transport} got an event stream but no ${p.startEvent} (${s.observed})`,
    s,
    p.evidence,
  );
}

/** A missing or invalid credential must be refused with HTTP 401 before any event: never a stream. */
export function judgeStreamRefused(s: StreamAttempt, p: Presented): Judgement {
  if (s.status === 401) return passed(s);
  if (s.status === 200) {
    const ran = s.started ? 'and its run started' : 'though no run started';
    return failed(
      'invalid_token_accepted',
      `${p.token} sent in ${p.transport} was accepted: HTTP 200 and an event stream, ${ran}`,
      s,
      p.evidence,
    );
  }
  if (s.status === undefined)
    return failed('no_http_status', `${p.token} sent in ${p.transport}: no HTTP status (${s.observed})`, s, p.evidence);
  return failed(
    'wrong_refusal_status',
    `${p.token} sent in ${p.transport} was refused with HTTP ${s.status}, not 401`,
    s,
    p.evidence,
  );
}
