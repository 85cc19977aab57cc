import type { CloseInfo } from '../client/chat-client.ts';
import type { Finding } from './findings.ts';

/** What a check saw, in the fields of an Autobahn-style report. */
export interface Observation {
  observed: string;
  httpStatus?: number;
  closeCode?: number;
  closeReason?: string;
  /** A close frame arrived and the TCP connection ended after it. */
  clean?: boolean;
}

/** The outcome of judging one observation against its expectation. */
export type Judgement =
  | (Observation & { ok: true })
  | (Observation & {
      ok: false;
      /** Stable name of the defect, e.g. `token_subprotocol_echoed`. */
      finding: Finding;
      /** One sentence that names the defect for the reader of a failed run. */
      message: string;
      /** A rendered timeline, appended to the failure. */
      evidence?: string;
    });

export function passed(observation: Observation): Judgement {
  return { ...observation, ok: true };
}

export function failed(finding: Finding, message: string, observation: Observation, evidence?: string): Judgement {
  return { ...observation, ok: false, finding, message, ...(evidence ? { evidence } : {}) };
}

/** A close as the report words it: `close 1011 "internal error"`, `close 1006 without a close frame`. */
export function closeText(close: Pick<CloseInfo, 'code' | 'reason' | 'by'>): string {
  const reason = close.reason ? ` "${close.reason}"` : '';
  return `close ${close.code}${reason}${close.by === 'none' ? ' without a close frame' : ''}`;
}

/** What a check saw of a close: its code, reason and whether a close frame came; `observed` defaults to closeText. */
export function observeClose(
  close: Pick<CloseInfo, 'code' | 'reason' | 'by'>,
  observed = closeText(close),
): Observation {
  return { observed, closeCode: close.code, closeReason: close.reason, clean: close.by !== 'none' };
}

/**
 * Why a close in the middle of a burst may be the server's heartbeat, not its answer to the burst;
 * undefined when it came too soon for that. A server reads the client's pongs in order, behind the
 * messages of the burst: one still reading them when its idle deadline passes closes by its
 * heartbeat (1001, or 1011 in Python's websockets). That deadline cannot pass sooner than the idle
 * limit less a ping interval after the burst began (the last pong read before it).
 */
export function heartbeatMayHaveClosed(
  close: Pick<CloseInfo, 'code' | 'reason' | 'by' | 'at'>,
  burst: { at: number; what: string; before: string },
  heartbeat: { idleLimitMs: number; pingIntervalMs: number },
): string | undefined {
  const into = Math.round(close.at - burst.at);
  if (into < heartbeat.idleLimitMs - heartbeat.pingIntervalMs) return undefined;
  return (
    `the server ended the connection with ${closeText(close)} ${into} ms into ${burst.what}, past its idle limit ` +
    `(${heartbeat.idleLimitMs} ms, E2E_IDLE_LIMIT_MS) less a ping interval: the client's pongs waited behind ` +
    `the messages it had not read, so its heartbeat may have ended the connection before ${burst.before} ` +
    '(a quieter machine or a longer idle limit lets the check run)'
  );
}
