import { failedTests, summaryMetrics, type Metric } from './summary-metrics.ts';
import type { Summary } from './summary.ts';

export interface Tolerance {
  /** A latency is worse when it grew by more than this fraction… */
  latencyRatio: number;
  /** …and by more than this many ms (sub-millisecond noise on a fast target is not a regression). */
  latencyMinDeltaMs: number;
  /** A rate is worse when it fell by more than this (absolute, 0.01 = one percentage point). */
  rateDrop: number;
}

export const DEFAULT_TOLERANCE: Tolerance = { latencyRatio: 0.2, latencyMinDeltaMs: 25, rateDrop: 0.01 };

export interface Finding {
  label: string;
  old: number | undefined;
  new: number | undefined;
  kind: Metric['kind'] | 'test';
  verdict: 'worse' | 'better' | 'same' | 'new' | 'gone';
}

export interface Comparison {
  regressions: Finding[];
  findings: Finding[];
  newFailures: string[];
  fixed: string[];
}

/** What got worse from `old` to `new` beyond the tolerance: latencies, rates, and tests that newly fail. */
export function compareSummaries(old: Summary, next: Summary, tolerance: Tolerance = DEFAULT_TOLERANCE): Comparison {
  const before = new Map(summaryMetrics(old).map((m) => [m.key, m]));
  const after = new Map(summaryMetrics(next).map((m) => [m.key, m]));
  const findings: Finding[] = [];
  for (const [key, m] of after) {
    const o = before.get(key);
    findings.push({
      label: m.label,
      old: o?.value,
      new: m.value,
      kind: m.kind,
      verdict: o ? judge(m.kind, o.value, m.value, tolerance) : 'new',
    });
  }
  for (const [key, o] of before)
    if (!after.has(key)) findings.push({ label: o.label, old: o.value, new: undefined, kind: o.kind, verdict: 'gone' });

  const failedBefore = failedTests(old);
  const failedAfter = failedTests(next);
  const newFailures = [...failedAfter].filter((t) => !failedBefore.has(t));
  const fixed = [...failedBefore].filter((t) => !failedAfter.has(t));
  return { regressions: findings.filter((f) => f.verdict === 'worse'), findings, newFailures, fixed };
}

/** True when the comparison should fail the job. */
export function isRegression(c: Comparison): boolean {
  return c.regressions.length > 0 || c.newFailures.length > 0;
}

function judge(kind: Metric['kind'], old: number, next: number, t: Tolerance): Finding['verdict'] {
  if (kind === 'rate') {
    if (old - next > t.rateDrop) return 'worse';
    return next - old > t.rateDrop ? 'better' : 'same';
  }
  const delta = next - old;
  if (delta > t.latencyMinDeltaMs && next > old * (1 + t.latencyRatio)) return 'worse';
  if (-delta > t.latencyMinDeltaMs && old > next * (1 + t.latencyRatio)) return 'better';
  return 'same';
}
