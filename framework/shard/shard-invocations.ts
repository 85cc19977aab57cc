import { join } from 'node:path';
import type { Part } from '../load/load-plan.ts';
import { shardDir } from './shard-file.ts';

/** The load suite runs in every shard (its users are split by E2E_SHARD), never in just one. */
export const LOAD_SUITE = 'suites/concurrent-load.e2e.ts';

/** The vitest arguments (after `vitest run --project e2e`) of one of a shard's invocations. */
export interface ShardInvocation {
  what: 'functional' | 'load';
  args: string[];
  blob: string;
}

/**
 * What shard i/n runs: the functional suites split by file exactly as `vitest --shard=i/n` splits
 * them (vitest does the splitting), and the load suite in every shard, where E2E_SHARD=i/n gives
 * it its share of the users. Each invocation leaves a blob report under `<reportDir>/shards/blobs`.
 */
export function shardInvocations(shard: Part, reportDir: string): ShardInvocation[] {
  const blobs = join(shardDir(reportDir), 'blobs');
  const tag = `${shard.index}-of-${shard.count}`;
  const functional = join(blobs, `functional-${tag}.json`);
  const load = join(blobs, `load-${tag}.json`);
  return [
    {
      what: 'functional',
      blob: functional,
      args: [
        `--shard=${shard.index}/${shard.count}`,
        `--exclude=${LOAD_SUITE}`,
        '--passWithNoTests',
        '--reporter=blob',
        `--outputFile.blob=${functional}`,
      ],
    },
    { what: 'load', blob: load, args: [LOAD_SUITE, '--reporter=blob', `--outputFile.blob=${load}`] },
  ];
}
