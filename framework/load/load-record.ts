import type { LoadThresholds } from '../config/config.ts';
import type { LoadRecord } from '../report/records.ts';
import type { LoadStats } from './load-stats.ts';
import { verdictRecord, type LoadVerdict } from './load-verdicts.ts';
import type { LoadResult } from './run-load.ts';

/** The report's view of a load run: counts, percentiles, encoded histograms, the run over time and verdicts. */
export function toLoadRecord(result: LoadResult, thresholds: LoadThresholds, verdicts: LoadVerdict[]): LoadRecord {
  const name = result.shard ? `${result.name} (shard ${result.shard.index}/${result.shard.count})` : result.name;
  return loadRecordOf(name, result.plan.model, result.stats, thresholds, verdicts);
}

/** The same from merged figures (a sharded run's merge). */
export function loadRecordOf(
  name: string,
  model: LoadRecord['model'],
  stats: LoadStats,
  thresholds: LoadThresholds,
  verdicts: LoadVerdict[],
): LoadRecord {
  const encoded = stats.encode();
  return {
    name,
    model,
    counts: { planned: stats.planned, ...encoded.statuses, frames: stats.frames },
    closeCodes: encoded.closeCodes,
    handshakeFailures: encoded.handshakeFailures,
    percentiles: stats.percentiles(),
    histograms: encoded.histograms,
    ...(stats.series ? { series: { bucketS: stats.series.bucketMs / 1000, points: stats.series.points() } } : {}),
    thresholds: { ...thresholds },
    verdicts: verdicts.map(verdictRecord),
  };
}
