import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadThresholds } from '../config/config.ts';
import { E2eError } from '../errors.ts';
import type { Calibration } from '../load/calibration.ts';
import type { LoadPlan, Part } from '../load/load-plan.ts';
import type { EncodedStats } from '../load/load-stats.ts';
import type { LeakReport } from '../load/run-part.ts';
import type { LoadResult } from '../load/run-load.ts';

/** One shard's share of one load run, as written to `<dir>/load/` for the merge. */
export interface ShardLoadFile {
  kind: 'golden-path/load-shard';
  version: 1;
  shard: Part;
  name: string;
  plan: LoadPlan;
  thresholds: LoadThresholds;
  /** The golden path alone, measured by this shard before its load (calibrated thresholds). */
  calibration?: Calibration | undefined;
  stats: EncodedStats;
  leaks: LeakReport[];
  stoppedBy: LoadResult['stoppedBy'];
  wallMs: number;
  writtenAt: string;
}

/** Where shards put their files: `<E2E_REPORT_DIR>/shards`, with `blobs/` (vitest) and `load/` (histograms). */
export function shardDir(reportDir: string): string {
  return join(reportDir, 'shards');
}

/** Writes one load run's shard file (encoded histograms and counts); returns its path. */
export function writeShardLoad(dir: string, result: LoadResult, thresholds: LoadThresholds): string {
  const shard = result.shard ?? { index: 1, count: 1 };
  const file: ShardLoadFile = {
    kind: 'golden-path/load-shard',
    version: 1,
    shard,
    name: result.name,
    plan: result.plan,
    thresholds,
    calibration: result.calibration,
    stats: result.stats.encode(),
    leaks: result.leaks,
    stoppedBy: result.stoppedBy,
    wallMs: result.wallMs,
    writtenAt: new Date().toISOString(),
  };
  mkdirSync(join(dir, 'load'), { recursive: true });
  const path = join(dir, 'load', `${result.name.replace(/[^\w.-]+/g, '_')}-${shard.index}-of-${shard.count}.json`);
  writeFileSync(path, `${JSON.stringify(file)}\n`);
  return path;
}

/** Reads every shard file under `<dir>/load/`; a file that is not one fails with E2E_SHARD_INVALID. */
export function readShardLoads(dir: string): ShardLoadFile[] {
  let names: string[];
  try {
    names = readdirSync(join(dir, 'load'))
      .filter((n) => n.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
  return names.map((name) => {
    const path = join(dir, 'load', name);
    let parsed: Partial<ShardLoadFile>;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<ShardLoadFile>;
    } catch (error) {
      throw new E2eError(
        'E2E_SHARD_INVALID',
        `${path}: not JSON (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    if (parsed.kind !== 'golden-path/load-shard' || parsed.version !== 1 || !parsed.shard || !parsed.stats) {
      throw new E2eError('E2E_SHARD_INVALID', `${path}: not a golden-path load shard file (version 1)`);
    }
    return parsed as ShardLoadFile;
  });
}
