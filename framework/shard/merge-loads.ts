import { mergeCalibrations } from '../load/calibration.ts';
import type { LoadModel } from '../load/load-plan.ts';
import { LoadStats } from '../load/load-stats.ts';
import { loadRecordOf } from '../load/load-record.ts';
import { judgeLoad, type LoadVerdict } from '../load/load-verdicts.ts';
import type { LeakReport } from '../load/run-part.ts';
import type { LoadRecord } from '../report/records.ts';
import type { ShardLoadFile } from './shard-file.ts';

/** One load run put back together from its shards. */
export interface MergedLoad {
  name: string;
  model: LoadModel;
  /** n of E2E_SHARD=i/n, and the indices i that were found. */
  shardCount: number;
  shards: number[];
  missing: number[];
  /** Counts summed, histograms added: percentiles are those of all samples together. */
  stats: LoadStats;
  /** The thresholds judged again on the whole run. */
  verdicts: LoadVerdict[];
  leaks: LeakReport[];
  /** The longest shard. */
  wallMs: number;
  record: LoadRecord;
}

/** Groups shard files by load name and merges each group; problems (missing or repeated shards) are listed. */
export function mergeLoads(files: readonly ShardLoadFile[]): { loads: MergedLoad[]; problems: string[] } {
  const problems: string[] = [];
  const groups = new Map<string, ShardLoadFile[]>();
  for (const f of files) groups.set(f.name, [...(groups.get(f.name) ?? []), f]);
  const loads = [...groups].map(([name, group]) => {
    const counts = new Set(group.map((f) => f.shard.count));
    if (counts.size > 1)
      problems.push(`load "${name}": shard files disagree on the number of shards (${[...counts].join(', ')})`);
    const shardCount = Math.max(...counts);
    const seen = new Set<number>();
    const stats = new LoadStats({ keepSamples: group.every((f) => f.stats.samples !== undefined) });
    for (const f of group) {
      if (seen.has(f.shard.index)) {
        problems.push(
          `load "${name}": shard ${f.shard.index}/${f.shard.count} appears twice; the second copy is ignored`,
        );
        continue;
      }
      seen.add(f.shard.index);
      stats.merge(LoadStats.decode(f.stats));
    }
    const missing = Array.from({ length: shardCount }, (_, i) => i + 1).filter((i) => !seen.has(i));
    if (missing.length > 0)
      problems.push(
        `load "${name}": shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${shardCount} missing`,
      );
    const first = group[0]!;
    const verdicts = judgeLoad(stats, first.thresholds, {
      calibration: mergeCalibrations(group.map((f) => f.calibration)),
    });
    const merged: MergedLoad = {
      name,
      model: first.plan.model,
      shardCount,
      shards: [...seen].sort((a, b) => a - b),
      missing,
      stats,
      verdicts,
      leaks: group.flatMap((f) => f.leaks).slice(0, 10),
      wallMs: Math.max(...group.map((f) => f.wallMs)),
      record: loadRecordOf(`${name} (merged)`, first.plan.model, stats, first.thresholds, verdicts),
    };
    return merged;
  });
  return { loads, problems };
}
