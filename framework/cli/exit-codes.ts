/** The CLI's exit codes: what a CI job branches on. */
export const EXIT = {
  /** Every check passed (or, for compare, nothing got worse). */
  pass: 0,
  /** Checks failed (or compare found a regression). */
  failed: 1,
  /** Configuration, usage or an unreachable target: nothing was judged. */
  config: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
