import { describe, expect, it } from 'vitest';
import { calibrationOf, calibrationPlan, type Calibration } from '../../framework/load/calibration.ts';
import { LoadStats } from '../../framework/load/load-stats.ts';
import { describeVerdict, judgeLoad } from '../../framework/load/load-verdicts.ts';
import { runLoad } from '../../framework/load/run-load.ts';
import type { UserOutcome } from '../../framework/load/user-outcome.ts';
import { withLoadStack } from './support/load-stack.ts';

// env/local.env's figures.
const local = {
  minSuccessRate: 0.99,
  maxMeanHandshakeMs: 250,
  maxP95HandshakeMs: 500,
  maxP95CompletionMs: 2000,
  max1011Rate: 0,
};

/** Stats of `n` users that all completed with these timings. */
function statsOf(n: number, timings: (i: number) => { handshake: number; completion: number }): LoadStats {
  const stats = new LoadStats();
  stats.planned = n;
  for (let i = 0; i < n; i += 1) {
    stats.record({
      index: i,
      userId: `u${i}`,
      status: 'ok',
      detail: '',
      frames: 6,
      closeCode: 1000,
      timings: timings(i),
    } as UserOutcome);
  }
  return stats;
}

const byKey = (verdicts: ReturnType<typeof judgeLoad>) => Object.fromEntries(verdicts.map((v) => [v.key, v]));

describe('calibrated load thresholds', () => {
  // The busy-machine run that failed a healthy stack: mean handshake 306 ms, p95 533 ms, all 300 complete.
  const busy = statsOf(300, (i) => ({ handshake: i < 285 ? 290 : 533, completion: 600 }));

  it('judged as written, a busy machine fails a healthy stack; calibrated, the same figures pass, the limit and its basis printed', () => {
    const absolute = byKey(judgeLoad(busy, local));
    expect(absolute.mean_handshake!.pass).toBe(false);

    const calibration: Calibration = { users: 11, completed: 11, handshakeMs: 6.1, completionMs: 22.4, inFlight: 100 };
    const verdicts = judgeLoad(busy, local, { calibration });
    const v = byKey(verdicts);

    expect(verdicts.every((x) => x.pass)).toBe(true);
    expect(v.mean_handshake!.threshold).toBeCloseTo(2240);
    expect(describeVerdict(v.mean_handshake!)).toMatch(
      /^mean handshake [\d.]+ ms ≤ 2240\.0 ms \(calibrated: 100 in flight × 22\.4 ms per golden path alone; E2E_MAX_MEAN_HANDSHAKE_MS 250 is the floor\)$/,
    );
    expect(describeVerdict(v.alone_handshake!)).toBe(
      'handshake alone 6.1 ms ≤ 250.0 ms (median of 11 run one at a time before the load; E2E_MAX_MEAN_HANDSHAKE_MS)',
    );
  });

  it("a server slow alone fails the env file's figure however loose the load limits become", () => {
    const calibration: Calibration = { users: 11, completed: 11, handshakeMs: 604, completionMs: 620, inFlight: 100 };
    const v = byKey(
      judgeLoad(
        statsOf(300, () => ({ handshake: 700, completion: 900 })),
        local,
        { calibration },
      ),
    );

    expect(v.alone_handshake!.pass).toBe(false);
    expect(describeVerdict(v.alone_handshake!)).toMatch(/^handshake alone 604\.0 ms > 250\.0 ms/);
    expect(v.p95_handshake!.pass).toBe(true);
  });

  it('the env figure is the floor: a fast machine is not judged tighter than the env file asks', () => {
    const calibration: Calibration = { users: 11, completed: 11, handshakeMs: 0.4, completionMs: 1.1, inFlight: 100 };
    const v = byKey(judgeLoad(busy, local, { calibration }));

    expect(v.p95_handshake!.threshold).toBe(500);
    expect(v.p95_handshake!.basis).toBeUndefined();
  });

  it('too few golden paths alone: no calibration, the env figures as written, and the verdict says why', () => {
    const calibration: Calibration = { users: 11, completed: 1, handshakeMs: 3, completionMs: 15, inFlight: 100 };
    const v = byKey(judgeLoad(busy, local, { calibration }));

    expect(v.alone_handshake).toBeUndefined();
    expect(v.mean_handshake!.threshold).toBe(250);
    expect(v.mean_handshake!.uncalibrated).toBe(true);
    expect(describeVerdict(v.mean_handshake!)).toMatch(
      /\(not calibrated: 1 of 11 golden paths completed alone; E2E_MAX_MEAN_HANDSHAKE_MS as written\)$/,
    );
  });

  it("in flight: the closed model's concurrency, every user of an open run", () => {
    const alone = statsOf(11, () => ({ handshake: 3, completion: 15 }));
    const closedPlan = {
      name: 'closed',
      model: 'closed',
      users: 300,
      concurrency: 100,
      rate: 1,
      durationS: 1,
      maxS: 60,
    } as const;
    const openPlan = {
      name: 'open',
      model: 'open',
      users: 1,
      concurrency: 1,
      rate: 150,
      durationS: 2,
      maxS: 60,
    } as const;

    expect(calibrationOf(alone, closedPlan).inFlight).toBe(100);
    expect(calibrationOf(alone, openPlan).inFlight).toBe(300);
    expect(calibrationPlan(openPlan)).toMatchObject({ model: 'closed', concurrency: 1, users: 11, maxS: 60 });
  });

  it('against the reference stack: runLoad measures the golden path alone first, and a slow handshake is caught alone', async () => {
    await withLoadStack({ REF_FAULTS: 'slow_handshake:300' }, async (s) => {
      const result = await runLoad(s.options({ model: 'closed', users: 20, concurrency: 10 }, { calibrate: true }));
      const c = result.calibration!;

      expect(c).toMatchObject({ users: 11, completed: 11, inFlight: 10 });
      expect(c.handshakeMs).toBeGreaterThanOrEqual(300);
      const v = byKey(judgeLoad(result.stats, local, { calibration: c }));
      expect(v.alone_handshake).toMatchObject({ pass: false, variable: 'E2E_MAX_MEAN_HANDSHAKE_MS' });
      expect(result.stats.count('ok')).toBe(20);
    });
  });
});
