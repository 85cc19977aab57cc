import { describe, expect, it } from 'vitest';
import { shardFromEnv } from '../../framework/shard/shard-from-env.ts';
import { LOAD_SUITE, shardInvocations } from '../../framework/shard/shard-invocations.ts';

describe('which shard this process is', () => {
  it("reads E2E_SHARD=i/n, or a Kubernetes Indexed Job's 0-based JOB_COMPLETION_INDEX with --count", () => {
    expect(shardFromEnv({ E2E_SHARD: '2/4' }, undefined)).toEqual({ index: 2, count: 4 });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '0' }, 4)).toEqual({ index: 1, count: 4 });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '3' }, 4)).toEqual({ index: 4, count: 4 });
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '4' }, 4)).toThrow(/JOB_COMPLETION_INDEX/);
    expect(() => shardFromEnv({ E2E_SHARD: '5/4' }, undefined)).toThrow(/E2E_SHARD: expected i\/n/);
  });

  it('runs the functional suites split by vitest --shard and the load suite in every shard, each with a blob report', () => {
    const [functional, load] = shardInvocations({ index: 3, count: 4 }, '/r');
    expect(functional!.args).toEqual([
      '--shard=3/4',
      `--exclude=${LOAD_SUITE}`,
      '--passWithNoTests',
      '--reporter=blob',
      '--outputFile.blob=/r/shards/blobs/functional-3-of-4.json',
    ]);
    expect(load!.args).toEqual([LOAD_SUITE, '--reporter=blob', '--outputFile.blob=/r/shards/blobs/load-3-of-4.json']);
  });
});
