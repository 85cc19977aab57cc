import { describe, expect, it, vi } from 'vitest';
import { startProgress } from '../../framework/load/load-progress.ts';
import { LoadStats } from '../../framework/load/load-stats.ts';
import { outcomeLine } from '../../framework/load/load-summary.ts';
import type { UserOutcome } from '../../framework/load/user-outcome.ts';

const outcome = (status: UserOutcome['status'], extra: Partial<UserOutcome> = {}): UserOutcome => ({
  index: 0,
  userId: 'u',
  status,
  detail: '',
  timings: {},
  frames: 0,
  foreignRunIds: [],
  ...extra,
});

describe('LoadStats', () => {
  it('counts statuses, refusals by status and close codes, and judges rates against the planned users', () => {
    const stats = new LoadStats();
    stats.planned = 10;
    for (let i = 0; i < 6; i += 1)
      stats.record(outcome('ok', { closeCode: 1000, frames: 6, timings: { handshake: 2, completion: 20 } }));
    stats.record(outcome('handshake_failed', { handshakeFailure: '503' }));
    stats.record(outcome('closed', { closeCode: 1011, frames: 3, timings: { handshake: 3 } }));
    stats.record(outcome('not_started'));
    // one planned user never reported: still counts against the success rate

    expect(stats.successRate).toBe(0.6);
    expect(stats.rate1011).toBe(0.1);
    expect(stats.percentiles().handshake.count).toBe(7);
    expect(stats.percentiles().completion.count).toBe(6);
    expect(outcomeLine(stats)).toBe(
      '10 planned: ok 6 · handshake_failed 1 · closed 1 · not_started 1 (handshake failures: HTTP 503 ×1); close codes: 1000 ×6, 1011 ×1; 39 frames received',
    );
  });

  it('places each outcome in the bucket of its arrival and its end, and each latency where it was measured; merges bucket by bucket', () => {
    const a = new LoadStats({ bucketMs: 1000 });
    const b = new LoadStats({ bucketMs: 1000 });
    a.record(outcome('ok', { timings: { handshake: 300, completion: 1500 } }), { arrivalMs: 200, endMs: 1700 });
    a.record(outcome('timeout', { timings: { handshake: 50 } }), { arrivalMs: 2100, endMs: 4000 });
    b.record(outcome('not_started'), { arrivalMs: 3500, endMs: 3500 });
    const merged = LoadStats.decode(JSON.parse(JSON.stringify(a.encode())));
    merged.merge(LoadStats.decode(b.encode()));
    const points = merged.series!.points();

    expect(points.map((p) => [p.t, p.arrivals, p.completed, p.failed])).toEqual([
      [0, 1, 0, {}],
      [1, 0, 1, {}],
      [2, 1, 0, {}],
      [3, 0, 0, { not_started: 1 }],
      [4, 0, 0, { timeout: 1 }],
    ]);
    // The handshake done at 500 ms falls in 0–1 s; the completion seen at 1700 ms in 1–2 s.
    expect(points[0]!.handshake).toMatchObject({ count: 1 });
    expect(points[0]!.handshake.p95).toBeCloseTo(300, 0);
    expect(points[1]!.completion).toMatchObject({ count: 1 });
    expect(points[1]!.completion.p50).toBeCloseTo(1500, -1);
    const wider = new LoadStats({ bucketMs: 2000 });
    expect(() => wider.merge(merged)).toThrow(/cannot merge buckets of 1000 ms into 2000 ms/);
  });

  it('round-trips through its encoding and merges parts into the whole', () => {
    const a = new LoadStats({ keepSamples: true });
    const b = new LoadStats({ keepSamples: true });
    a.planned = 2;
    b.planned = 1;
    a.record(outcome('ok', { timings: { completion: 10 } }));
    a.record(outcome('ok', { timings: { completion: 30 } }));
    b.record(outcome('timeout', { timings: { handshake: 1 } }));
    const merged = LoadStats.decode(JSON.parse(JSON.stringify(a.encode())));
    merged.merge(LoadStats.decode(b.encode()));

    expect(merged.planned).toBe(3);
    expect(Object.fromEntries(merged.statuses)).toEqual({ ok: 2, timeout: 1 });
    expect(merged.samples?.get('completion')).toEqual([10, 30]);
    expect(merged.percentiles().completion.max).toBeCloseTo(30, 1);
  });
});

describe('load progress', () => {
  it('prints started, connected, completed, failed and the rate once a second, and a last line at the end', () => {
    vi.useFakeTimers();
    try {
      const lines: string[] = [];
      const counts = { planned: 100, started: 0, open: 0, completed: 0, failed: 0 };
      const stop = startProgress(
        'closed',
        () => counts,
        (l) => lines.push(l),
      );
      Object.assign(counts, { started: 30, open: 10, completed: 18, failed: 2 });
      vi.advanceTimersByTime(1000);
      stop();
      expect(lines[0]).toMatch(
        /^\[load closed\] 30\/100 started · 10 connected · 18 completed · 2 failed · [\d.]+\/s$/,
      );
      expect(lines).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
