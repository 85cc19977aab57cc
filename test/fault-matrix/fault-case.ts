/** One row of the fault matrix: with `fault` switched on, `suite` must fail and say `expect`. */
export interface FaultCase {
  /** REF_FAULTS value for the reference stack ('' for a row whose cause is a proxy or a dialect in `env`). */
  fault: string;
  /** The row's name in the matrix when `fault` alone does not say it (a proxy mode, a dialect without its contract). */
  name?: string;
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
  /** No pattern may appear in the failure text: a wrong cause blamed (header case behind a stripped header). */
  forbid?: RegExp[];
  /** Tests (full names, as patterns) that must still pass: what the cause does not touch is still checked. */
  mustPass?: RegExp[];
}
