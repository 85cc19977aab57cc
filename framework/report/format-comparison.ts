import type { Comparison, Finding, Tolerance } from './compare-summaries.ts';
import { isRegression } from './compare-summaries.ts';

const MARK: Record<Finding['verdict'], string> = {
  worse: '✗ worse',
  better: '✓ better',
  same: '  same',
  new: '  new',
  gone: '  gone',
};

/** The text `golden-path compare` prints: a verdict, then each metric old → new, then test changes. */
export function formatComparison(c: Comparison, t: Tolerance, names: { old: string; new: string }): string {
  const width = Math.max(20, ...c.findings.map((f) => f.label.length));
  const lines = [
    isRegression(c)
      ? `REGRESSION: ${c.regressions.length} metric(s) worse, ${c.newFailures.length} new failure(s) (${names.old} → ${names.new})`
      : `no regression (${names.old} → ${names.new})`,
    `tolerance: latency +${Math.round(t.latencyRatio * 100)}% and +${t.latencyMinDeltaMs} ms, rates −${t.rateDrop}`,
    '',
  ];
  const order: Finding['verdict'][] = ['worse', 'better', 'new', 'gone', 'same'];
  for (const f of [...c.findings].sort((a, b) => order.indexOf(a.verdict) - order.indexOf(b.verdict))) {
    lines.push(
      `${MARK[f.verdict]}  ${f.label.padEnd(width)}  ${fmt(f.old, f.kind).padStart(10)} → ${fmt(f.new, f.kind).padEnd(10)}${change(f)}`,
    );
  }
  if (c.newFailures.length) lines.push('', 'new failures:', ...c.newFailures.map((t) => `  ✗ ${t}`));
  if (c.fixed.length) lines.push('', 'fixed since:', ...c.fixed.map((t) => `  ✓ ${t}`));
  return lines.join('\n');
}

function fmt(v: number | undefined, kind: Finding['kind']): string {
  if (v === undefined) return '—';
  return kind === 'rate' ? `${(v * 100).toFixed(2)}%` : `${v.toFixed(1)} ms`;
}

function change(f: Finding): string {
  if (f.old === undefined || f.new === undefined || f.old === 0 || f.kind === 'rate') return '';
  const pct = ((f.new - f.old) / f.old) * 100;
  return `  (${pct >= 0 ? '+' : ''}${pct.toFixed(0)}%)`;
}
