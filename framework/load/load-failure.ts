import { E2eError } from '../errors.ts';
import { redactor } from '../report/redactor.ts';
import { outcomeLine, percentileTable } from './load-summary.ts';
import { describeVerdict, type LoadVerdict } from './load-verdicts.ts';
import type { LoadResult } from './run-load.ts';
import type { ShownConnection } from './worst-connections.ts';

/** What a load run did, in a few lines: the plan, the outcomes, the percentiles. */
export function describeLoad(result: LoadResult): string {
  const { plan } = result;
  const shape =
    plan.model === 'closed'
      ? `${plan.users} users, ${plan.concurrency} at a time`
      : `${plan.rate} arrivals/s for ${plan.durationS} s`;
  const where = [
    result.shard ? `shard ${result.shard.index}/${result.shard.count}` : '',
    result.workers > 1 ? `${result.workers} processes` : '',
    result.sources.length > 1 ? `${result.sources.length} source addresses` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const stopped = result.stoppedBy === 'wall_clock' ? `, stopped by the wall-clock bound (${plan.maxS} s)` : '';
  return [
    `load "${result.name}" (${plan.model}: ${shape}${where ? `; ${where}` : ''}) in ${(result.wallMs / 1000).toFixed(1)} s${stopped}`,
    outcomeLine(result.stats),
    percentileTable(result.stats),
  ].join('\n');
}

/**
 * Throws E2E_LOAD_THRESHOLD when a verdict failed: each threshold crossed with its measured value,
 * the run's figures, the users that saw other users' events, and the worst connections' timelines.
 */
export function assertLoadVerdicts(result: LoadResult, verdicts: LoadVerdict[]): void {
  // The most specific finding first: a leak or a 1011 explains a low success rate, not the reverse.
  const failed = verdicts.filter((v) => !v.pass).sort((a, b) => rank(a) - rank(b));
  if (failed.length === 0) return;
  const leaks = result.leaks.map(
    (l) => `  ${l.userId}: ${l.detail}${l.owners.length ? ` (runs of ${l.owners.join(', ')})` : ''}`,
  );
  const worst = result.worst.map(
    (w) => `── ${w.userId}: ${w.status}${timingsOf(w)}${w.detail ? ` — ${w.detail}` : ''}\n${w.timeline}`,
  );
  const message = [
    `load threshold${failed.length > 1 ? 's' : ''} crossed: ${failed.map((v) => v.key).join(', ')}`,
    ...failed.map((v) => `  ✗ [${v.key}] ${describeVerdict(v)}`),
    '',
    describeLoad(result),
    ...(leaks.length ? ['', 'users that received events of runs that were not theirs:', ...leaks] : []),
    ...(worst.length ? ['', `worst connections (${worst.length}):`, ...worst] : []),
  ].join('\n');
  throw new E2eError('E2E_LOAD_THRESHOLD', redactor.redact(message));
}

function timingsOf(w: ShownConnection): string {
  const parts = Object.entries(w.timings).map(([figure, ms]) => `${figure} ${ms.toFixed(1)} ms`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

const SPECIFIC_FIRST = [
  'isolation',
  'rate_1011',
  'alone_handshake',
  'alone_completion',
  'p95_handshake',
  'mean_handshake',
  'p95_completion',
  'success_rate',
];

function rank(v: LoadVerdict): number {
  const i = SPECIFIC_FIRST.indexOf(v.key);
  return i === -1 ? SPECIFIC_FIRST.length : i;
}
