import { describe, expect, it } from 'vitest';
import { checkLoadSize } from '../../framework/config/check-load-size.ts';

const GiB = 2 ** 30;

describe('checkLoadSize', () => {
  it('takes what half the heap holds, 2 KiB a user, per load process', () => {
    expect(() => checkLoadSize({ users: 262_144, workers: 1, shards: 1 }, undefined, GiB)).not.toThrow();
    expect(() => checkLoadSize({ users: 262_145, workers: 1, shards: 1 }, undefined, GiB)).toThrow(
      /^E2E_LOAD_USERS: 262145 users put 262145 in each load process, which holds at most 262144 \(2 KiB each within half of its 1024 MB heap\); lower it, or spread it over more E2E_LOAD_WORKERS or E2E_SHARD$/,
    );
  });

  it('counts the users of one process: workers and shards spread them', () => {
    expect(() => checkLoadSize({ users: 1_000_000, workers: 2, shards: 2 }, undefined, GiB)).not.toThrow();
    expect(() => checkLoadSize({ users: 1_000_000, workers: 2, shards: 1 }, 'env/x.env', GiB)).toThrow(
      /500000 in each load process.*\(file: env\/x\.env\)$/,
    );
  });

  it('never more than Promise.all takes, however large the heap', () => {
    expect(() => checkLoadSize({ users: 2 ** 21, workers: 1, shards: 1 }, undefined, 64 * GiB)).toThrow(
      /at most 2097151 /,
    );
  });
});
