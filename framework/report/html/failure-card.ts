import type { SuiteSummary, TestSummary } from '../summary.ts';
import { checksTable } from './checks-table.ts';
import { esc } from './escape.ts';
import { loadBlock } from './load-section.ts';
import { runsBlock } from './runs-block.ts';
import type { RunTimeouts } from './timeline-svg.ts';

/** Which digest line a card belongs to: `cause 1`, or `follows from cause 1`. */
export interface CardCause {
  index: number;
  anchor: string;
  consequence: boolean;
}

/**
 * A failed test (or a suite's setup) as a card, open unless it repeats a cause already shown: the
 * headline that names the rule, then the evidence — failed checks, runs, load figures, the message
 * with its timeline.
 */
export function failureCard({
  anchor,
  suite,
  test,
  cause,
  timeouts,
  open = true,
}: {
  anchor: string;
  suite: SuiteSummary;
  test: TestSummary | undefined;
  cause?: CardCause | undefined;
  timeouts?: RunTimeouts | undefined;
  open?: boolean;
}): string {
  const failure = test ? test.failure : suite.error;
  const failedChecks = test?.checks.filter((c) => c.verdict === 'fail') ?? [];
  const ref = cause
    ? ` <a class="cause-ref" href="#${esc(cause.anchor)}">${cause.consequence ? 'follows from ' : ''}cause ${cause.index + 1}</a>`
    : '';
  return [
    `<details class="failure" id="${esc(anchor)}"${open ? ' open' : ''}><summary><span class="badge fail">fail</span> <b>${esc(suite.name)} › ${esc(test ? test.fullName : '(suite setup)')}</b>${ref}`,
    `<span class="headline">${esc(failure?.headline ?? 'failed without a message')}</span></summary>`,
    failedChecks.length ? `<h4>Failed checks</h4>${checksTable(failedChecks)}` : '',
    test?.runs.length ? `<h4>Runs</h4>${runsBlock(test.runs, test.runs.length, timeouts)}` : '',
    test?.load.length ? test.load.map((l) => loadBlock(l)).join('') : '',
    failure ? `<h4>Evidence</h4><pre class="evidence">${esc(failure.message)}</pre>` : '',
    '</details>',
  ].join('');
}
