import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { E2eError } from '../errors.ts';
import { mergeBlobs, type MergedTests } from './merge-blobs.ts';
import { mergeLoads, type MergedLoad } from './merge-loads.ts';
import { missingBlobs } from './missing-blobs.ts';
import { readShardLoads } from './shard-file.ts';

export interface MergedResult {
  dir: string;
  loads: MergedLoad[];
  tests: MergedTests | undefined;
  /** Missing, repeated or inconsistent shards. */
  problems: string[];
  /** No failed test, no threshold crossed, no problem. */
  pass: boolean;
}

/**
 * Combines what n shards wrote under `dir` (`blobs/` from vitest, `load/` from the load suite) into
 * one result: test counts, and each load run with percentiles from the merged histograms.
 * @example const merged = await mergeShards('reports/shards'); merged.loads[0]?.stats.percentiles().completion.p95
 */
export async function mergeShards(dirOrReportDir: string): Promise<MergedResult> {
  // Accept the report dir too: its shards live in <reportDir>/shards.
  const nested = join(dirOrReportDir, 'shards');
  const dir = !hasShardData(dirOrReportDir) && hasShardData(nested) ? nested : dirOrReportDir;
  const files = readShardLoads(dir);
  const tests = await mergeBlobs(dir);
  if (files.length === 0 && !tests) {
    throw new E2eError(
      'E2E_SHARD_INVALID',
      `no shard files in ${dir} (expected ${dir}/blobs/*.json from vitest --reporter=blob and/or ${dir}/load/*.json from the load suite)`,
    );
  }
  const { loads, problems: loadProblems } = mergeLoads(files);
  // A shard killed before vitest wrote its blob would otherwise just drop out of the test counts.
  const problems = [...missingBlobs(tests?.blobs ?? []), ...loadProblems];
  const pass =
    problems.length === 0 && (tests?.failed ?? 0) === 0 && loads.every((l) => l.verdicts.every((v) => v.pass));
  return { dir, loads, tests, problems, pass };
}

function hasShardData(dir: string): boolean {
  return existsSync(join(dir, 'blobs')) || existsSync(join(dir, 'load'));
}
