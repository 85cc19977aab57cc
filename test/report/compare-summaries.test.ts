import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareSummaries, isRegression } from '../../framework/report/compare-summaries.ts';
import { formatComparison } from '../../framework/report/format-comparison.ts';
import { summaryMetrics } from '../../framework/report/summary-metrics.ts';
import type { Summary } from '../../framework/report/summary.ts';

const fixture = (name: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', `${name}.json`), 'utf8')) as Summary;
const baseline = fixture('baseline');

describe('compareSummaries', () => {
  it("reads p95 handshake, p95 completion and success rate of each load run, and the runs' p95 completion", () => {
    const keys = summaryMetrics(baseline).map((m) => m.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'load:concurrent-load › closed:p95-handshake',
        'load:concurrent-load › closed:p95-completion',
        'load:concurrent-load › closed:success-rate',
        'load:concurrent-load › open:p95-handshake',
        'runs:p95-completion',
        'tests:pass-rate',
      ]),
    );
  });

  it('finds nothing worse between a summary and itself, nor within the tolerance', () => {
    expect(isRegression(compareSummaries(baseline, baseline))).toBe(false);
    const noisy = compareSummaries(baseline, fixture('noise'));
    expect(noisy.regressions).toEqual([]);
    expect(noisy.findings.filter((f) => f.verdict === 'same').length).toBe(noisy.findings.length);
  });

  it('names a p95 handshake that grew past the tolerance, and says it got better the other way round', () => {
    const c = compareSummaries(baseline, fixture('slower-handshake'));
    expect(c.regressions.map((f) => f.label)).toEqual(['concurrent-load › closed: p95 handshake']);
    expect(isRegression(c)).toBe(true);
    const back = compareSummaries(fixture('slower-handshake'), baseline);
    expect(back.regressions).toEqual([]);
    expect(back.findings.find((f) => f.label === 'concurrent-load › closed: p95 handshake')?.verdict).toBe('better');
  });

  it('names a success rate that fell by more than the allowed drop, and accepts it under a looser one', () => {
    const c = compareSummaries(baseline, fixture('lower-success'));
    expect(c.regressions.map((f) => f.label)).toEqual(['concurrent-load › closed: success rate']);
    expect(
      compareSummaries(baseline, fixture('lower-success'), { latencyRatio: 0.2, latencyMinDeltaMs: 25, rateDrop: 0.1 })
        .regressions,
    ).toEqual([]);
  });

  it('lists a test that newly fails, and one that was fixed', () => {
    const c = compareSummaries(baseline, fixture('new-failure'));
    expect(c.newFailures).toEqual([
      'suites/golden-path.e2e.ts > golden path: log in, connect, send a message, watch the agent answer > a message that needs two tools gets two paired tool calls',
    ]);
    expect(isRegression(c)).toBe(true);
    expect(compareSummaries(fixture('new-failure'), baseline).fixed).toHaveLength(1);
  });

  it('prints the verdict first, then each figure old → new', () => {
    const c = compareSummaries(baseline, fixture('slower-handshake'));
    const text = formatComparison(
      c,
      { latencyRatio: 0.2, latencyMinDeltaMs: 25, rateDrop: 0.01 },
      { old: 'a.json', new: 'b.json' },
    );
    const lines = text.split('\n');
    expect(lines[0]).toBe('REGRESSION: 1 metric(s) worse, 0 new failure(s) (a.json → b.json)');
    expect(lines.find((l) => l.includes('closed: p95 handshake'))).toMatch(
      /^✗ worse\s+concurrent-load › closed: p95 handshake\s+\d+\.\d ms → \d+\.\d ms\s+\(\+\d+%\)$/,
    );
  });
});
