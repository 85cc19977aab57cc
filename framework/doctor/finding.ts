/** What one doctor check found: ✓ as expected, ✗ something to set or fix, – not applicable here. */
export interface Finding {
  mark: 'ok' | 'mismatch' | 'na';
  /** What was looked at: `seq`, `prompts.simple`, `Origin`, `auth: header`. */
  subject: string;
  /** What was found, in one line. */
  found: string;
  /** For a mismatch: the env variable or contract field to set, or what to fix. */
  fix?: string;
  /** Lines shown under the finding: the events of a run, the rules it broke. */
  details?: string[];
}

/** @example ok('seq', 'present on all 7 events, rising by one') */
export function ok(subject: string, found: string, details?: string[]): Finding {
  return { mark: 'ok', subject, found, ...(details ? { details } : {}) };
}

/** @example mismatch('prompts.long', 'the run lasted 40 ms, not 2500', 'set prompts.long in your contract module') */
export function mismatch(subject: string, found: string, fix?: string, details?: string[]): Finding {
  return { mark: 'mismatch', subject, found, ...(fix ? { fix } : {}), ...(details ? { details } : {}) };
}

/** @example notApplicable('resume', 'encodeResume unset: the resume checks will be n.a.') */
export function notApplicable(subject: string, found: string): Finding {
  return { mark: 'na', subject, found };
}
