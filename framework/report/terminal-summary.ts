import type { Summary } from './summary.ts';

const MARK = { pass: '✓', fail: '✗', skip: '↓' } as const;

/**
 * The lines printed at the end of `npm run e2e`: one per suite, then each failure with the line
 * that explains it; `verbose` (E2E_VERBOSE) adds every recorded run's events with their times.
 */
export function terminalSummary(s: Summary, reportDir: string, verbose = false): string {
  const width = Math.max(12, ...s.suites.map((x) => x.name.length));
  const lines = [`golden-path: ${s.target.env} (${s.target.kind})${s.target.faults ? `, faults: ${s.target.faults}` : ''}`];
  for (const suite of s.suites) {
    const counts = (['fail', 'pass', 'skip'] as const)
      .map((v) => [v, suite.tests.filter((t) => t.verdict === v).length] as const)
      .filter(([, n]) => n > 0)
      .map(([v, n]) => `${n} ${v === 'pass' ? 'passed' : v === 'fail' ? 'failed' : 'skipped'}`)
      .join(', ');
    lines.push(`  ${MARK[suite.verdict]} ${suite.name.padEnd(width)}  ${(counts || 'no tests').padEnd(28)} ${(suite.durationMs / 1000).toFixed(1)} s`);
    if (suite.error) lines.push(`      ✗ (suite) — ${suite.error.headline}`);
    for (const t of suite.tests) {
      if (t.failure) lines.push(`      ✗ ${t.name} — ${t.failure.headline}`);
      if (!verbose) continue;
      for (const run of t.runs) {
        const events = run.events.map((e) => `${e.type} ${e.atMs.toFixed(1)}`).join(' · ');
        lines.push(`        ${run.client} ${run.runId ?? '?'} (${run.outcome}): ${events} ms`);
      }
    }
  }
  const { passed, failed, skipped } = s.totals;
  lines.push(`  ${passed} passed, ${failed} failed, ${skipped} skipped · report: ${reportDir}/index.html`);
  return lines.join('\n');
}
