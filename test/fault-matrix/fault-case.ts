/** One row of the fault matrix: with `fault` switched on, `suite` must fail and say `expect`. */
export interface FaultCase {
  /** REF_FAULTS value for the reference stack. */
  fault: string;
  /** Suite file name under suites/, without `.e2e.ts`. */
  suite: string;
  /** Every pattern must appear in the suite's failure messages: the finding named. */
  expect: RegExp[];
  /** Extra environment for the run (e.g. a shorter timeout). */
  env?: Record<string, string>;
  /** Only run tests whose name matches (vitest -t), to keep the row fast. */
  testNamePattern?: string;
  /** The fault must stop the whole run before any test (global setup exits 2), e.g. a stale build. */
  stopsRun?: boolean;
}
