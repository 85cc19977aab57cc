/** Ids that index.html gives what the digest links to; the terminal and step summary print them as `index.html#id`. */

/** A failed or blocked test: its card in Failures, or its row in Suites. */
export function testAnchor(suite: number, test: number): string {
  return `t${suite}-${test}`;
}

/** A failure outside any test of a suite (import error, beforeAll). */
export function suiteErrorAnchor(suite: number): string {
  return `s${suite}-setup`;
}

/** A cause's line in the digest. */
export function causeAnchor(index: number): string {
  return `cause-${index + 1}`;
}
