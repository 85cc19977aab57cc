import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baselineChanges, type Baseline } from './baseline.ts';
import { renderReport } from './html/render-report.ts';
import { redactor } from './redactor.ts';
import { writeStepSummary } from './step-summary.ts';
import type { Summary } from './summary.ts';
import { terminalSummary } from './terminal-summary.ts';

export interface ReportOptions {
  /** The run to compare with (E2E_BASELINE): the page, the terminal and the step summary list what changed. */
  baseline?: Baseline | undefined;
  verbose?: boolean;
}

/**
 * Writes a run's `summary.json` and `index.html` to `dir`, prints the terminal summary with `log`
 * and appends the step summary where GitHub Actions asks for one: what `golden-path run` and
 * `golden-path merge` leave behind. The summary must be redacted already.
 */
export function writeReports(summary: Summary, dir: string, options: ReportOptions, log: (text: string) => void): void {
  const baseline = options.baseline && baselineChanges(summary, options.baseline);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(join(dir, 'index.html'), renderReport(summary, { baseline }));
  log(`\n${redactor.redact(terminalSummary(summary, dir, { verbose: options.verbose ?? false, baseline }))}\n`);
  try {
    writeStepSummary(summary, dir, process.env, baseline);
  } catch (error) {
    // The job's page is a convenience: the reports are written and the verdict stands without it.
    log(
      `golden-path: could not write $GITHUB_STEP_SUMMARY (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}
