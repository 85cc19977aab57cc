import { E2eError } from '../errors.ts';
import type { Part } from '../load/load-plan.ts';

/** i/n from E2E_SHARD, else from JOB_COMPLETION_INDEX (0-based) and `--count n`. */
export function shardFromEnv(env: NodeJS.ProcessEnv, count: number | undefined): Part {
  const raw = env.E2E_SHARD;
  if (raw) {
    const m = /^(\d+)\/(\d+)$/.exec(raw);
    if (m && Number(m[1]) >= 1 && Number(m[1]) <= Number(m[2])) return { index: Number(m[1]), count: Number(m[2]) };
    throw new E2eError('E2E_SHARD_INVALID', `E2E_SHARD: expected i/n with 1 ≤ i ≤ n, got ${JSON.stringify(raw)}`);
  }
  const index = env.JOB_COMPLETION_INDEX;
  if (index !== undefined && /^\d+$/.test(index) && count !== undefined && Number(index) < count)
    return { index: Number(index) + 1, count };
  throw new E2eError('E2E_SHARD_INVALID', 'set E2E_SHARD=i/n, or JOB_COMPLETION_INDEX (0-based) with --count n');
}
