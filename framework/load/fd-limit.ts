import { readdirSync, readFileSync } from 'node:fs';
import { E2eError } from '../errors.ts';

export interface FdLimit {
  soft: number;
  hard: number;
  /** Descriptors this process already holds. */
  open: number;
}

/** The open-files limit of this process, from /proc (Linux); undefined where it cannot be read. */
export function readFdLimit(procRoot = '/proc/self'): FdLimit | undefined {
  try {
    const line = readFileSync(`${procRoot}/limits`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const [soft, hard] = (line?.match(/\d+|unlimited/g) ?? []).map((v) =>
      v === 'unlimited' ? Number.POSITIVE_INFINITY : Number(v),
    );
    if (soft === undefined || hard === undefined) return undefined;
    return { soft, hard, open: readdirSync(`${procRoot}/fd`).length };
  } catch {
    return undefined;
  }
}

// Room left for what is not a load socket: log files, the reference stack's pipes, vitest's own.
const SPARE_FDS = 64;

/**
 * Fails fast when `peak` simultaneous connections cannot fit under this process's fd limit
 * (one descriptor per WebSocket), before a single connection is opened.
 */
export function assertFdCapacity(peak: number, what: string, limit: FdLimit | undefined = readFdLimit()): void {
  if (!limit) return;
  const room = limit.soft - limit.open - SPARE_FDS;
  if (peak <= room) return;
  const raise = limit.hard > limit.soft ? `raise the soft limit (ulimit -n ${limit.hard}), ` : '';
  throw new E2eError(
    'E2E_LOAD_CAPACITY',
    `${what} needs up to ${peak} connections open at once in one process, but its open-files limit leaves room for ${Math.max(0, room)} ` +
      `(soft ${limit.soft}, hard ${limit.hard}, ${limit.open} already open). To fit: ${raise}lower the concurrency or rate, ` +
      'spread the load over processes (E2E_LOAD_WORKERS) or over shards (E2E_SHARD=i/n).',
  );
}
