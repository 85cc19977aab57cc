import type { LoadThresholds } from '../config/config.ts';
import type { LoadRecord } from '../report/records.ts';
import { verdictRecord, type LoadVerdict } from './load-verdicts.ts';
import type { LoadResult } from './run-load.ts';

/** The report's view of a load run: counts, percentiles, encoded histograms and verdicts. */
export function toLoadRecord(result: LoadResult, thresholds: LoadThresholds, verdicts: LoadVerdict[]): LoadRecord {
  const { stats } = result;
  const encoded = stats.encode();
  return {
    name: result.shard ? `${result.name} (shard ${result.shard.index}/${result.shard.count})` : result.name,
    model: result.plan.model,
    counts: { planned: stats.planned, ...encoded.statuses, frames: stats.frames },
    closeCodes: encoded.closeCodes,
    handshakeFailures: encoded.handshakeFailures,
    percentiles: stats.percentiles(),
    histograms: encoded.histograms,
    thresholds: { ...thresholds },
    verdicts: verdicts.map(verdictRecord),
  };
}
