import { getHeapStatistics } from 'node:v8';
import { ConfigError } from '../errors.ts';

// Measured: the closed model queues every user up front, about 1 KiB each (1 M users ≈ 1 GB RSS); twice that leaves room.
const BYTES_PER_USER = 2048;
// V8 refuses Promise.all over more than 2^21 - 1 promises ("Too many elements passed to Promise.all").
const PROMISE_ALL_MAX = 2 ** 21 - 1;

export interface LoadSize {
  users: number;
  /** E2E_LOAD_WORKERS: processes each shard's users are spread over. */
  workers: number;
  /** The n of E2E_SHARD (1 unsharded): each shard runs its share of the users. */
  shards: number;
}

/**
 * Stops a load run that could not fit in memory before it starts (a billion users would take the
 * harness down minutes in): each load process may queue as many users as half its heap holds.
 */
export function checkLoadSize(
  size: LoadSize,
  file: string | undefined,
  heapBytes = getHeapStatistics().heap_size_limit,
): void {
  const perProcess = Math.ceil(size.users / size.shards / size.workers);
  const max = Math.min(PROMISE_ALL_MAX, Math.floor(heapBytes / 2 / BYTES_PER_USER));
  if (perProcess <= max) return;
  const heapMb = Math.round(heapBytes / 2 ** 20);
  throw new ConfigError(
    'E2E_CONFIG_INVALID',
    'E2E_LOAD_USERS',
    `${size.users} users put ${perProcess} in each load process, which holds at most ${max} (${BYTES_PER_USER / 1024} KiB each within half of its ${heapMb} MB heap); lower it, or spread it over more E2E_LOAD_WORKERS or E2E_SHARD`,
    file,
  );
}
