import {
  closeText,
  describe,
  diagnoseStream,
  endOf,
  expect,
  latencyTable,
  loadConfig,
  observeClose,
  test,
} from '../framework/index.ts';

// Staging runs minutes: the test's own timeout follows the env file.
const { streaming, timeouts } = loadConfig();
const TIMEOUT_MS = streaming.longRunMs + timeouts.runMs + 10_000;

describe('streaming: a long agent run stays open end to end and is never quiet for long', () => {
  test(
    'a long run completes on one connection with no silence over the keepalive bound (pings and SSE comments count)',
    { timeout: TIMEOUT_MS },
    async ({ chat, contract, config, checks }) => {
      const { longRunMs, keepaliveMs, proxyIdleHintMs } = config.streaming;
      const check = checks.begin({
        id: 'streaming/long-run-keepalive',
        description: `a run asked to last ${longRunMs} ms (E2E_LONG_RUN_MS), watched frame by frame`,
        expectation:
          'the run completes on the same connection or stream; the largest gap between inbound frames, ' +
          'pings and SSE comments included, ' +
          `stays under ${keepaliveMs} ms (E2E_KEEPALIVE_MS)`,
      });
      const long = contract.prompts.long;
      if (!long) {
        return check.notApplicable(
          'the contract states this backend has no long-running prompt (prompts.long is not set): ' +
            'keepalive during a long run was not checked',
        );
      }
      const client = await chat();

      // A stream that is silent but alive must be judged by its gaps, not cut short as stalled.
      const run = await client.runToCompletion(long(longRunMs), {
        eventTimeoutMs: longRunMs + config.timeouts.eventMs,
        runTimeoutMs: longRunMs + config.timeouts.runMs,
      });
      console.log(latencyTable(run, contract));
      const close = endOf(client);
      const stream = diagnoseStream({ timeline: client.timeline, closeInfo: close }, run, {
        keepaliveMs,
        proxyIdleHintMs,
      });
      // The diagnosis names a cut; the close-code policy need not report the same 1006 again.
      if (stream.verdict === 'idle_cut' || stream.verdict === 'cut') client.expectClose(1006);
      const observed = `${run.outcome}; largest inbound gap ${stream.largestGapMs} ms`;
      const observation = close ? observeClose(close, `${observed}; ${closeText(close)}`) : { observed };
      if (stream.verdict !== 'ok') {
        return check.fail(`stream_${stream.verdict}`, {
          message: stream.message,
          ...observation,
          evidence: run.timeline,
        });
      }

      // A backend whose "long" prompt is answered at once has not been tested for keepalive at all.
      const lastedMs = (run.events.at(-1)?.at ?? run.sentAt) - run.sentAt;
      if (lastedMs < longRunMs * 0.8) {
        const message =
          `the long prompt's run lasted ${Math.round(lastedMs)} ms, not the ${longRunMs} ms asked: ` +
          "the contract's prompts.long does not make this agent run long " +
          '(set prompts.long in your contract module, E2E_CONTRACT, to a prompt that runs long, ' +
          'or leave it out if the agent has none)';
        return check.fail('long_run_not_long', { message, ...observation, evidence: run.timeline });
      }
      check.pass({ ...observation, observed: `${stream.message}; the run lasted ${Math.round(lastedMs)} ms` });
      expect(run).toCompleteGoldenPath();
    },
  );
});
