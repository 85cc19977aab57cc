import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../framework/load/latency-histogram.ts';

// Exact percentile of raw samples (nearest rank), the yardstick for the histogram's answer.
function exact(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function samplesOf(n: number, seed: number): number[] {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return 0.2 + (x / 2 ** 31) ** 3 * 4000; // skewed: many fast, a long tail
  });
}

describe('LatencyHistogram', () => {
  it('answers percentiles within one bucket of the exact value, in ms with sub-ms resolution', () => {
    const samples = samplesOf(5000, 7);
    const h = new LatencyHistogram();
    for (const s of samples) h.record(s);
    const p = h.percentiles();
    expect(p.count).toBe(5000);
    for (const [q, v] of [
      [50, p.p50],
      [90, p.p90],
      [95, p.p95],
      [99, p.p99],
      [100, p.max],
    ] as const) {
      expect(Math.abs(v - exact(samples, q)), `p${q}`).toBeLessThanOrEqual(h.bucketWidthMs(exact(samples, q)));
    }
    expect(h.bucketWidthMs(1)).toBeLessThan(0.01);
  });

  it('survives encode/decode unchanged, and merging equals recording everything in one', () => {
    const a = samplesOf(1000, 1);
    const b = samplesOf(3000, 2);
    const ha = new LatencyHistogram();
    const hb = new LatencyHistogram();
    const all = new LatencyHistogram();
    a.forEach((s) => (ha.record(s), all.record(s)));
    b.forEach((s) => (hb.record(s), all.record(s)));
    const merged = LatencyHistogram.decode(ha.encode());
    merged.add(LatencyHistogram.decode(hb.encode()));
    expect(merged.percentiles()).toEqual(all.percentiles());
    expect(merged.percentiles().p99).not.toBe((ha.percentiles().p99 + hb.percentiles().p99) / 2);
  });

  it('reports zeros for an empty histogram and ignores non-finite values', () => {
    const h = new LatencyHistogram();
    h.record(Number.NaN);
    expect(h.percentiles()).toEqual({ p50: 0, p90: 0, p95: 0, p99: 0, max: 0, mean: 0, count: 0 });
  });
});
