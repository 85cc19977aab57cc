import type { Summary } from './summary.ts';

const MARK = { pass: '✓', fail: '✗', skip: '↓', blocked: '⊘' } as const;

const WORD = { pass: 'passed', fail: 'failed', blocked: 'blocked', skip: 'skipped' } as const;

/**
 * The lines printed at the end of `npm run e2e`: one per suite, then each failure with the line
 * that explains it; `verbose` (E2E_VERBOSE) adds every recorded run's events with their times.
 */
export function terminalSummary(s: Summary, reportDir: string, verbose = false): string {
  const width = Math.max(12, ...s.suites.map((x) => x.name.length));
  const lines = [`golden-path: ${s.target.env} (${s.target.kind})${s.target.faults ? `, faults: ${s.target.faults}` : ''}`];
  for (const suite of s.suites) {
    const counts = (['fail', 'blocked', 'pass', 'skip'] as const)
      .map((v) => [v, suite.tests.filter((t) => t.verdict === v).length] as const)
      .filter(([, n]) => n > 0)
      .map(([v, n]) => `${n} ${WORD[v]}`)
      .join(', ');
    lines.push(`  ${MARK[suite.verdict]} ${suite.name.padEnd(width)}  ${(counts || 'no tests').padEnd(28)} ${(suite.durationMs / 1000).toFixed(1)} s`);
    if (suite.error) lines.push(`      ✗ (suite) — ${suite.error.headline}`);
    for (const t of suite.tests) {
      if (t.failure && t.verdict !== 'blocked') lines.push(`      ✗ ${t.name} — ${t.failure.headline}`);
      if (!verbose) continue;
      for (const run of t.runs) {
        const events = run.events.map((e) => `${e.type} ${e.atMs.toFixed(1)}`).join(' · ');
        lines.push(`        ${run.client} ${run.runId ?? '?'} (${run.outcome}): ${events} ms`);
      }
    }
  }
  // One cause, one message: each blocker once, with the count of tests it kept from checking anything.
  for (const b of s.blockers ?? []) lines.push(`  ⊘ ${b.blocked} blocked by ${b.id}: ${b.diagnosis}`);
  for (const w of s.warnings ?? []) lines.push(`  ! ${w}`);
  const { passed, failed, blocked = 0, skipped } = s.totals;
  lines.push(`  ${passed} passed, ${failed} failed, ${blocked ? `${blocked} blocked, ` : ''}${skipped} skipped · report: ${reportDir}/index.html`);
  return lines.join('\n');
}
