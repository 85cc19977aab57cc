import { compareSummaries, isRegression, type Tolerance } from '../report/compare-summaries.ts';
import { formatComparison } from '../report/format-comparison.ts';
import { readSummary } from '../report/read-summary.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';

/** `golden-path compare OLD NEW`: prints what got worse; exit 1 on a regression, 2 on an unreadable file. */
export function compareCommand(
  cmd: { old: string; new: string; tolerance: Tolerance },
  out: (text: string) => void,
): ExitCode {
  const old = readSummary(cmd.old);
  const next = readSummary(cmd.new);
  const comparison = compareSummaries(old, next, cmd.tolerance);
  out(formatComparison(comparison, cmd.tolerance, { old: cmd.old, new: cmd.new }));
  return isRegression(comparison) ? EXIT.failed : EXIT.pass;
}
