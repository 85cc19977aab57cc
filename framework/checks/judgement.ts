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
      finding: string;
      /** One sentence that names the defect for the reader of a failed run. */
      message: string;
      /** A rendered timeline, appended to the failure. */
      evidence?: string;
    });

export function passed(observation: Observation): Judgement {
  return { ...observation, ok: true };
}

export function failed(finding: string, message: string, observation: Observation, evidence?: string): Judgement {
  return { ...observation, ok: false, finding, message, ...(evidence ? { evidence } : {}) };
}
