import type { LoadRecord } from './records.ts';
import type { Summary } from './summary.ts';

export interface Metric {
  /** Stable key used to pair the same metric across two summaries. */
  key: string;
  label: string;
  kind: 'latency-ms' | 'rate';
  value: number;
}

/** What `compare` weighs: p95 handshake and completion and the success rate of each load run, and the runs' p95 completion. */
export function summaryMetrics(s: Summary): Metric[] {
  const metrics: Metric[] = [];
  for (const suite of s.suites) {
    for (const test of suite.tests) {
      for (const load of test.load) {
        const where = `${suite.name} › ${load.name}`;
        const handshake = percentileOf(load, /handshake/i);
        const completion = percentileOf(load, /complet/i);
        const success = successRate(load);
        if (handshake !== undefined)
          metrics.push({
            key: `load:${where}:p95-handshake`,
            label: `${where}: p95 handshake`,
            kind: 'latency-ms',
            value: handshake,
          });
        if (completion !== undefined)
          metrics.push({
            key: `load:${where}:p95-completion`,
            label: `${where}: p95 completion`,
            kind: 'latency-ms',
            value: completion,
          });
        if (success !== undefined)
          metrics.push({
            key: `load:${where}:success-rate`,
            label: `${where}: success rate`,
            kind: 'rate',
            value: success,
          });
      }
    }
  }
  const completions = s.suites
    .flatMap((x) => x.tests.flatMap((t) => t.runs.map((r) => r.timings.toCompletedMs)))
    .filter((v): v is number => v !== undefined);
  if (completions.length > 0)
    metrics.push({
      key: 'runs:p95-completion',
      label: `golden-path runs: p95 completion (${completions.length} runs)`,
      kind: 'latency-ms',
      value: nearestRank(completions, 0.95),
    });
  const tests = s.totals.tests;
  if (tests > 0)
    metrics.push({
      key: 'tests:pass-rate',
      label: `tests passed (${tests} tests)`,
      kind: 'rate',
      value: s.totals.passed / Math.max(1, tests - s.totals.skipped),
    });
  return metrics;
}

/** Tests that failed, by `file > full name` (a suite-level failure counts as `file > (suite)`). */
export function failedTests(s: Summary): Set<string> {
  const failed = new Set<string>();
  for (const suite of s.suites) {
    if (suite.error) failed.add(`${suite.file} > (suite)`);
    for (const t of suite.tests) if (t.verdict === 'fail') failed.add(`${suite.file} > ${t.fullName}`);
  }
  return failed;
}

function percentileOf(load: LoadRecord, name: RegExp): number | undefined {
  const entry = Object.entries(load.percentiles).find(([k]) => name.test(k));
  return entry && entry[1].count > 0 ? entry[1].p95 : undefined;
}

// The load run's own success-rate verdict when it has one; otherwise succeeded / attempted from its counts.
function successRate(load: LoadRecord): number | undefined {
  const verdict = load.verdicts.find((v) => /success/i.test(v.name));
  if (verdict) return verdict.measured;
  const c = load.counts;
  const ok = c.succeeded ?? c.completed ?? c.success;
  const all = c.attempted ?? c.total ?? c.started ?? c.users;
  return ok !== undefined && all ? ok / all : undefined;
}

function nearestRank(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}
