/** The CLI's exit codes: what a CI job branches on. */
export const EXIT = {
  /** Every check passed (or, for compare, nothing got worse). */
  pass: 0,
  /** Checks failed (or compare found a regression). */
  failed: 1,
  /** Configuration, usage or an unreachable target: nothing was judged. */
  config: 2,
  /** SIGINT (Ctrl-C) stopped the run; the reports hold what ran before it. */
  interrupted: 130,
  /** SIGTERM, or the death of the process that started the run, stopped it; as for 130. */
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
