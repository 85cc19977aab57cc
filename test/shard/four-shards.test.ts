import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../framework/load/latency-histogram.ts';
import { LOAD_FIGURES } from '../../framework/load/user-outcome.ts';
import { mergeShards, type MergedResult } from '../../framework/shard/merge-shards.ts';
import { LATENCY_OPEN } from '../fault-matrix/healthy.cases.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const base = mkdtempSync(join(tmpdir(), 'gp-four-shards-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

// Small enough to keep five processes quick on two cores; every user still a full golden path.
// What is checked is the merge, not the latency: the five runs start at once, so one may calibrate
// while the others idle and meet its load while they run theirs. The latency limits and the
// handshake timeout are left wide, as the fault matrix leaves them for its healthy runs.
const LOAD = {
  E2E_LOAD_USERS: '60',
  E2E_LOAD_CONCURRENCY: '20',
  E2E_LOAD_RATE: '40',
  E2E_LOAD_DURATION_S: '1',
  E2E_LOAD_KEEP_SAMPLES: 'true',
  ...LATENCY_OPEN,
};

/** Runs the load suite as shard i/n would in CI, leaving its blob report and load shard files under `dir`. */
function runShard(dir: string, index: number, count: number): Promise<{ code: number | null; output: string }> {
  const blob = join(dir, 'shards', 'blobs', `load-${index}-of-${count}.json`);
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--project',
      'e2e',
      'suites/concurrent-load.e2e.ts',
      '--reporter=blob',
      `--outputFile.blob=${blob}`,
      // The blob holds the results; this one prints why a run failed, for the assertion's message.
      '--reporter=default',
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        E2E_ENV: 'local',
        E2E_ENV_FILE: '',
        E2E_REPORT_DIR: dir,
        E2E_SHARD: `${index}/${count}`,
        FORCE_COLOR: '0',
        ...LOAD,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d));
  child.stderr.on('data', (d: Buffer) => (output += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  return new Promise((r) => child.once('exit', (code) => (clearTimeout(timer), r({ code, output }))));
}

/** The exact percentile (nearest rank) of raw samples. */
function exact(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

describe('four local shards merged', () => {
  let sharded: MergedResult;
  let unsharded: MergedResult;

  it('four shard processes and one unsharded process all pass', { timeout: 120_000 }, async () => {
    const shardedDir = join(base, 'sharded');
    const wholeDir = join(base, 'whole');
    const runs = await Promise.all(
      [1, 2, 3, 4].map((i) => runShard(shardedDir, i, 4)).concat(runShard(wholeDir, 1, 1)),
    );
    for (const r of runs) expect(r.code, r.output.slice(-3000)).toBe(0);
    sharded = await mergeShards(join(shardedDir, 'shards'));
    unsharded = await mergeShards(wholeDir); // the report dir works too: its shards/ is found
  });

  it('count the same runs as one unsharded run, and every vitest test of every shard', () => {
    expect(sharded.problems).toEqual([]);
    expect(sharded.tests).toMatchObject({ passed: 8, failed: 0 });
    expect(unsharded.tests).toMatchObject({ passed: 2, failed: 0 });
    for (const name of ['closed', 'open']) {
      const merged = sharded.loads.find((l) => l.name === name)!;
      const whole = unsharded.loads.find((l) => l.name === name)!;
      expect(merged.shards).toEqual([1, 2, 3, 4]);
      expect(merged.stats.planned, name).toBe(whole.stats.planned);
      expect(merged.stats.percentiles().completion.count, name).toBe(whole.stats.percentiles().completion.count);
      expect(merged.stats.count('ok'), name).toBe(merged.stats.planned);
      expect(merged.stats.frames, name).toBe(whole.stats.frames);
    }
  });

  it('give percentiles from the merged histograms within one bucket of all samples taken together', () => {
    for (const load of sharded.loads) {
      for (const figure of LOAD_FIGURES) {
        const samples = load.stats.samples!.get(figure)!;
        const unshardedHistogram = new LatencyHistogram();
        samples.forEach((s) => unshardedHistogram.record(s));
        const merged = load.stats.percentiles()[figure];
        expect(merged.count, `${load.name} ${figure}`).toBe(samples.length);
        expect(merged, `${load.name} ${figure}`).toEqual(unshardedHistogram.percentiles());
        for (const [p, value] of [
          [50, merged.p50],
          [90, merged.p90],
          [95, merged.p95],
          [99, merged.p99],
        ] as const) {
          const truth = exact(samples, p);
          expect(Math.abs(value - truth), `${load.name} ${figure} p${p}`).toBeLessThanOrEqual(
            unshardedHistogram.bucketWidthMs(truth),
          );
        }
      }
    }
  });
});
