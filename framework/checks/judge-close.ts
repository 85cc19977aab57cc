import type { CloseOutcome } from '../raw/raw-connection.ts';
import { failed, passed, type Judgement, type Observation } from './judgement.ts';

export interface CloseExpectation {
  /** Codes that satisfy the check (the first is the one the RFC names). */
  codes: number[];
  /** What the client did, for the finding: "a ping with a 126-byte payload". */
  after: string;
  waitedMs: number;
  evidence: string;
}

/** Judges how the server ended a raw connection against the close codes the RFC requires. */
export function judgeClose(outcome: CloseOutcome, e: CloseExpectation): Judgement {
  const frame = outcome.closeFrame;
  const before =
    outcome.before.length > 0
      ? `; before it: ${outcome.before.length} data frame(s), first ${JSON.stringify(outcome.before[0]!.payload.toString('utf8').slice(0, 120))}`
      : '';
  const want = e.codes.join(' or ');
  const obs: Observation = { observed: '', clean: frame !== undefined && outcome.tcpClosed };
  if (frame) {
    obs.closeCode = frame.code ?? 1005;
    obs.closeReason = frame.reason;
    obs.observed = `close ${frame.code ?? '(no status code)'}${frame.reason ? ` "${frame.reason}"` : ''} after ${Math.round(outcome.durationMs)} ms, ${outcome.tcpClosed ? 'then the server ended TCP' : 'but TCP stayed open'}${before}`;
    if (frame.code !== undefined && e.codes.includes(frame.code)) return passed(obs);
    if (frame.code === 1011)
      return failed(
        'internal_error',
        `${e.after} was answered with close 1011 (internal error) instead of ${want}`,
        obs,
        e.evidence,
      );
    return failed(
      'wrong_close_code',
      `${e.after} was answered with close ${frame.code ?? 'without a status code'} instead of ${want}`,
      obs,
      e.evidence,
    );
  }
  if (outcome.tcpClosed) {
    obs.closeCode = 1006;
    obs.observed = `TCP dropped without a close frame (1006)${before}`;
    return failed(
      'no_close_frame',
      `${e.after} made the server drop the connection without a close frame (1006) instead of closing ${want}`,
      obs,
      e.evidence,
    );
  }
  obs.observed = `connection still open after ${e.waitedMs} ms, no close frame${before}`;
  return failed(
    'violation_ignored',
    `${e.after} was not answered with close ${want}: the connection stayed open for ${e.waitedMs} ms`,
    obs,
    e.evidence,
  );
}
