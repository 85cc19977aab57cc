import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../framework/load/latency-histogram.ts';
import { LoadStats } from '../../framework/load/load-stats.ts';
import { mergeShards } from '../../framework/shard/merge-shards.ts';
import type { ShardLoadFile } from '../../framework/shard/shard-file.ts';

const thresholds = {
  minSuccessRate: 0.95,
  maxMeanHandshakeMs: 100,
  maxP95HandshakeMs: 200,
  maxP95CompletionMs: 500,
  max1011Rate: 0,
};
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A shard file whose users completed in the given times (ms); `failed` more users closed with 1011. */
function shard(index: number, count: number, completions: number[], failed = 0): ShardLoadFile {
  const stats = new LoadStats();
  stats.planned = completions.length + failed;
  for (const ms of completions)
    stats.record({
      index: 0,
      userId: 'u',
      status: 'ok',
      detail: '',
      timings: { handshake: ms / 10, completion: ms },
      frames: 6,
      foreignRunIds: [],
    });
  for (let i = 0; i < failed; i += 1)
    stats.record({
      index: 0,
      userId: 'u',
      status: 'closed',
      detail: '',
      closeCode: 1011,
      timings: {},
      frames: 2,
      foreignRunIds: [],
    });
  return {
    kind: 'golden-path/load-shard',
    version: 1,
    shard: { index, count },
    name: 'closed',
    thresholds,
    plan: { name: 'closed', model: 'closed', users: 0, concurrency: 1, rate: 0, durationS: 0, maxS: 10 },
    stats: stats.encode(),
    leaks: [],
    stoppedBy: 'completed',
    wallMs: 100 * index,
    writtenAt: new Date(0).toISOString(),
  };
}

function shardDirWith(files: ShardLoadFile[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'gp-shards-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'load'));
  files.forEach((f, i) =>
    writeFileSync(join(dir, 'load', `closed-${f.shard.index}-of-${f.shard.count}-${i}.json`), JSON.stringify(f)),
  );
  return dir;
}

describe('mergeShards: load shard files', () => {
  it('adds histograms: merged percentiles are those of all samples, not an average of shard percentiles', async () => {
    // Shard 1 is fast, shard 2 slow: the merged p95 must come from the slow tail.
    const fast = Array.from({ length: 90 }, (_, i) => 10 + i * 0.1);
    const slow = Array.from({ length: 10 }, (_, i) => 400 + i);
    const merged = await mergeShards(shardDirWith([shard(1, 2, fast), shard(2, 2, slow)]));
    const all = new LatencyHistogram();
    [...fast, ...slow].forEach((ms) => all.record(ms));
    const load = merged.loads[0]!;

    expect(load.stats.planned).toBe(100);
    expect(load.stats.percentiles().completion).toEqual(all.percentiles());
    expect(load.stats.percentiles().completion.p95).toBeGreaterThan(400);
    expect(load.shards).toEqual([1, 2]);
    expect(load.wallMs).toBe(200);
    expect(merged.pass).toBe(true);
  });

  it('judges the thresholds again on the whole run', async () => {
    // 1 of 30 closed with 1011 in shard 2 alone: the whole run's 1011 rate is 1/60.
    const merged = await mergeShards(
      shardDirWith([shard(1, 2, Array(30).fill(20)), shard(2, 2, Array(29).fill(20), 1)]),
    );
    const rate = merged.loads[0]!.verdicts.find((v) => v.variable === 'E2E_MAX_1011_RATE')!;

    expect(rate.measured).toBeCloseTo(1 / 60, 6);
    expect(rate.pass).toBe(false);
    expect(merged.pass).toBe(false);
  });

  it('names missing and repeated shards instead of merging quietly', async () => {
    const merged = await mergeShards(shardDirWith([shard(1, 4, [5]), shard(1, 4, [5]), shard(3, 4, [5])]));

    expect(merged.problems).toEqual([
      'load "closed": shard 1/4 appears twice; the second copy is ignored',
      'load "closed": shards 2, 4 of 4 missing',
    ]);
    expect(merged.loads[0]!.stats.planned).toBe(2);
    expect(merged.pass).toBe(false);
  });

  it('refuses a directory with nothing to merge, and a file that is not a shard file', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'gp-shards-'));
    dirs.push(empty);
    await expect(mergeShards(empty)).rejects.toMatchObject({ code: 'E2E_SHARD_INVALID' });
    mkdirSync(join(empty, 'load'));
    writeFileSync(join(empty, 'load', 'x.json'), '{"kind":"something-else"}');
    await expect(mergeShards(empty)).rejects.toThrow(/not a golden-path load shard file/);
  });
});
