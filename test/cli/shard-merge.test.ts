import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readShardSummaries, readSummary } from '../../framework/report/read-summary.ts';
import { runCli } from './support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'gp-shards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const load = { E2E_LOAD_USERS: '40', E2E_LOAD_CONCURRENCY: '10', E2E_LOAD_RATE: '40', E2E_LOAD_DURATION_S: '1' };
const suites = 'golden-path,close-codes,concurrent-load';

describe('golden-path run --shard i/n, then golden-path merge', () => {
  it('two shards merged hold every test once and each load run with the users of both shards', async () => {
    for (const shard of ['1/2', '2/2']) {
      const r = await runCli(['run', '--shard', shard, '--suite', suites, '--report', dir], load);
      expect(r.code, `shard ${shard}:\n${r.stdout.slice(-3000)}${r.stderr}`).toBe(0);
    }
    const parts = readShardSummaries(join(dir, 'shards'));
    expect(parts.length).toBeGreaterThanOrEqual(3); // the functional files of 2 shards (one may get none) + 2 load shares

    const merged = await runCli(['merge', join(dir, 'shards')]);
    expect(merged.code, merged.stdout + merged.stderr).toBe(0);
    expect(merged.stdout).toMatch(/merged result: PASS/);
    const summary = readSummary(join(dir, 'summary.json'));
    expect(summary.merged?.shards).toBe(2);
    expect(summary.suites.map((s) => s.name)).toEqual(['close-codes', 'concurrent-load', 'golden-path']);
    const unique = new Set(summary.suites.flatMap((s) => s.tests.map((t) => `${s.file} > ${t.fullName}`)));
    expect(unique.size).toBe(summary.totals.tests);

    // Each load run once, with as many samples as its two shards together.
    const shardCounts = new Map<string, number>();
    for (const p of parts)
      for (const s of p.suites)
        for (const t of s.tests)
          for (const l of t.load) {
            const name = l.name.replace(/ \(shard \d+\/\d+\)$/, '');
            shardCounts.set(name, (shardCounts.get(name) ?? 0) + l.percentiles.handshake!.count);
          }
    const records = summary.suites.find((s) => s.name === 'concurrent-load')!.tests.flatMap((t) => t.load);
    expect(records.map((l) => l.name).sort()).toEqual([...shardCounts.keys()].sort());
    for (const l of records) expect(l.percentiles.handshake!.count, l.name).toBe(shardCounts.get(l.name));
  }, 240_000);

  it('merge of a directory with no shard files exits 2 and says what it looked for', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'gp-noshards-'));
    try {
      const r = await runCli(['merge', empty]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/E2E_SHARD_INVALID: no shard files in /);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
