import { describe, expect, it } from 'vitest';
import { baseLoadName, mergeSummaries } from '../../framework/report/merge-summaries.ts';
import type { LoadRecord } from '../../framework/report/records.ts';
import { SUMMARY_SCHEMA, type Summary, type SuiteSummary, type TestSummary } from '../../framework/report/summary.ts';

const p = (count: number, p95: number) => ({ p50: p95 / 2, p90: p95, p95, p99: p95, max: p95, mean: p95 / 2, count });
const load = (name: string, count: number, p95: number): LoadRecord => ({
  name,
  model: 'closed',
  counts: { planned: count, ok: count },
  closeCodes: { '1000': count },
  handshakeFailures: {},
  percentiles: { handshake: p(count, p95) },
  histograms: {},
  thresholds: {},
  verdicts: [{ name: 'p95 handshake', threshold: 100, measured: p95, pass: p95 <= 100 }],
});
const test = (name: string, over: Partial<TestSummary> = {}): TestSummary => ({
  name,
  fullName: `s > ${name}`,
  verdict: 'pass',
  durationMs: 10,
  runs: [],
  checks: [],
  load: [],
  ...over,
});
const suite = (name: string, tests: TestSummary[]): SuiteSummary => ({
  name,
  file: `suites/${name}.e2e.ts`,
  verdict: tests.some((t) => t.verdict === 'fail') ? 'fail' : 'pass',
  durationMs: 20,
  tests,
});
const part = (i: number, suites: SuiteSummary[], at: string): Summary => ({
  schema: SUMMARY_SCHEMA,
  startedAt: `2026-01-01T00:00:${at}.000Z`,
  finishedAt: `2026-01-01T00:00:${at}.500Z`,
  durationMs: 500,
  target: { env: 'local', kind: 'local', faults: '' },
  versions: { errors: [] },
  thresholds: undefined,
  shard: { index: i, count: 2 },
  totals: { suites: 0, tests: 0, passed: 0, failed: 0, blocked: 0, skipped: 0 },
  closeCodes: {},
  suites,
  unhandledErrors: [],
});

describe('mergeSummaries', () => {
  const parts = [
    part(1, [suite('golden-path', [test('a'), test('b')])], '01'),
    part(1, [suite('concurrent-load', [test('closed', { load: [load('closed (shard 1/2)', 30, 20)] })])], '02'),
    part(
      2,
      [
        suite('close-codes', [
          test('c', { verdict: 'fail', failure: { headline: '[internal_error] 1011', message: 'evidence' } }),
        ]),
      ],
      '03',
    ),
    part(2, [suite('concurrent-load', [test('closed', { load: [load('closed (shard 2/2)', 30, 90)] })])], '04'),
  ];
  const merged = mergeSummaries(parts, [load('closed (merged)', 60, 80)], ['shard 3 missing']);

  it('keeps each suite once, and a test that ran in every shard once', () => {
    expect(merged.suites.map((s) => s.name)).toEqual(['close-codes', 'concurrent-load', 'golden-path']);
    expect(merged.suites.find((s) => s.name === 'concurrent-load')!.tests).toHaveLength(1);
    expect(merged.totals).toEqual({ suites: 3, tests: 4, passed: 3, failed: 1, blocked: 0, skipped: 0 });
  });

  it('shows a load run once, from the merged histograms, under its own name', () => {
    const records = merged.suites.find((s) => s.name === 'concurrent-load')!.tests[0]!.load;
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ name: 'closed', counts: { planned: 60 } });
    expect(records[0]!.percentiles.handshake!.p95).toBe(80);
    expect(merged.closeCodes).toEqual({ '1000': 60 });
  });

  it('spans the shards in time, names itself merged, and keeps the failures and the problems', () => {
    expect(merged.startedAt).toBe('2026-01-01T00:00:01.000Z');
    expect(merged.finishedAt).toBe('2026-01-01T00:00:04.500Z');
    expect(merged.shard).toBeUndefined();
    expect(merged.merged).toEqual({ shards: 2, problems: ['shard 3 missing'] });
    expect(merged.suites[0]!.tests[0]!.failure?.headline).toBe('[internal_error] 1011');
  });

  it("keeps the shards' own records when no merged record exists for them", () => {
    const alone = mergeSummaries(parts, []);
    expect(alone.suites.find((s) => s.name === 'concurrent-load')!.tests[0]!.load.map((l) => l.name)).toEqual([
      'closed (shard 1/2)',
      'closed (shard 2/2)',
    ]);
  });

  it('reads `closed (shard 2/4)` and `closed (merged)` as the load run `closed`', () => {
    expect(['closed (shard 2/4)', 'closed (merged)', 'closed'].map(baseLoadName)).toEqual([
      'closed',
      'closed',
      'closed',
    ]);
  });
});
