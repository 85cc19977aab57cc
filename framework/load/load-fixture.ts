import type { RunnerTestCase } from 'vitest';
import type { TestAuth } from '../auth/test-auth.ts';
import type { E2eConfig } from '../config/config.ts';
import type { Contract } from '../contract/types.ts';
import { attach } from '../report/records.ts';
import { shardDir, writeShardLoad } from '../shard/shard-file.ts';
import { throwIfBlocked, type Blocker } from '../target/blockers.ts';
import type { ResolvedTarget } from '../target/resolved-target.ts';
import { assertLoadVerdicts, describeLoad } from './load-failure.ts';
import { loadOptionsFromConfig } from './load-from-config.ts';
import type { LoadModel } from './load-plan.ts';
import { describeVerdicts, judgeLoad, type LoadVerdict } from './load-verdicts.ts';
import { runLoad, type LoadResult } from './run-load.ts';
import { toLoadRecord } from './load-record.ts';

export interface LoadFixtureContext {
  task: RunnerTestCase;
  config: E2eConfig;
  target: ResolvedTarget;
  contract: Contract;
  auth: TestAuth;
  blockers: readonly Blocker[];
}

/** What a load run measured and how it was judged, for a test that looks further. */
export interface JudgedLoad {
  result: LoadResult;
  verdicts: LoadVerdict[];
}

/**
 * The `load` fixture: `await load('closed')` runs the env file's load plan of that model, judges it
 * against the thresholds (calibrated or absolute), prints the figures, attaches the record to the
 * test, writes the shard's load file when sharded, and fails the test naming each threshold crossed.
 * A cause the preflight found that every user would hit (a header that does not arrive) blocks it.
 */
export function createLoadFixture(ctx: LoadFixtureContext): (model: LoadModel) => Promise<JudgedLoad> {
  return async (model) => {
    const { task, config, contract } = ctx;
    // Every user would fail the same way behind a header that does not arrive: one cause, stated once.
    const route = { transport: config.authMode, offersChat: contract.subprotocol !== undefined };
    throwIfBlocked(ctx.blockers, route, (b) => attach(task, 'blockedBy', [b.id]));
    const result = await runLoad(await loadOptionsFromConfig(model, ctx));
    const { thresholds } = config.load;
    const verdicts = judgeLoad(result.stats, thresholds, { calibration: result.calibration });
    console.log(`${describeLoad(result)}\n${describeVerdicts(verdicts)}`);
    attach(task, 'load', [toLoadRecord(result, thresholds, verdicts)]);
    if (config.shard) writeShardLoad(shardDir(config.reportDir), result, thresholds);
    assertLoadVerdicts(result, verdicts);
    return { result, verdicts };
  };
}
