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
