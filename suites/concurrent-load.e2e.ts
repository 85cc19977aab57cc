import {
  assertLoadVerdicts,
  attach,
  describe,
  throwIfBlocked,
  describeLoad,
  describeVerdicts,
  judgeLoad,
  loadOptionsFromConfig,
  runLoad,
  shardDir,
  test,
  toLoadRecord,
  writeShardLoad,
  type Blocker,
  type Contract,
  type E2eConfig,
  type LoadResult,
} from '../framework/index.ts';

// The incident: "4/5 passed, test_concurrent_websocket_real timed out" — handshakes that time out
// and 1011s that appear only when many users arrive at once. Every virtual user here is a user of
// its own who logs in, connects, waits for connection_established, sends a message and watches
// the five critical events arrive; the env file sets how many and the thresholds they must meet.

type Task = Parameters<typeof attach>[0];

describe('concurrent load: many users walk the golden path at the same time', () => {
  test('fixed concurrency: E2E_LOAD_USERS users, E2E_LOAD_CONCURRENCY at a time, each completes the golden path within the thresholds', async ({
    task,
    config,
    target,
    contract,
    auth,
    blockers,
  }) => {
    unblocked(blockers, config, contract, task);
    const result = await runLoad(await loadOptionsFromConfig('closed', { config, target, contract, auth }));

    judge(result, task, config);
  });

  test('open loop: users arrive at E2E_LOAD_RATE per second whatever the server does; latency is measured from each intended start', async ({
    task,
    config,
    target,
    contract,
    auth,
    blockers,
  }) => {
    unblocked(blockers, config, contract, task);
    const result = await runLoad(await loadOptionsFromConfig('open', { config, target, contract, auth }));

    judge(result, task, config);
  });

  // Every user would fail the same way behind a header that does not arrive: one cause, stated once.
  function unblocked(blockers: readonly Blocker[], config: E2eConfig, contract: Contract, task: Task): void {
    const route = { transport: config.authMode, offersChat: contract.subprotocol !== undefined };
    throwIfBlocked(blockers, route, (b) => attach(task, 'blockedBy', [b.id]));
  }

  // Success rate, mean and p95 handshake, p95 completion, 1011 rate — and no user saw another's events.
  function judge(result: LoadResult, task: Parameters<typeof attach>[0], config: E2eConfig): void {
    const { thresholds } = config.load;
    const verdicts = judgeLoad(result.stats, thresholds, { calibration: result.calibration });
    console.log(`${describeLoad(result)}\n${describeVerdicts(verdicts)}`);
    attach(task, 'load', [toLoadRecord(result, thresholds, verdicts)]);
    if (config.shard) writeShardLoad(shardDir(config.reportDir), result, thresholds);
    assertLoadVerdicts(result, verdicts);
  }
});
