import { describe, test } from '../framework/index.ts';

// The incident: "4/5 passed, test_concurrent_websocket_real timed out" — handshakes that time out
// and 1011s that appear only when many users arrive at once. Every virtual user here is a user of
// its own who logs in, connects, waits for connection_established, sends a message and watches
// the five critical events arrive; the env file sets how many and the thresholds they must meet:
// success rate, mean and p95 handshake, p95 completion, 1011 rate — and no user sees another's events.

// Alone: the figures are the target's answer to this load, not to this load and the other suites.
describe('concurrent load: many users walk the golden path at the same time', { tags: ['alone'] }, () => {
  test('fixed concurrency: E2E_LOAD_USERS users, E2E_LOAD_CONCURRENCY at a time, within the thresholds', async ({
    load,
  }) => {
    await load('closed');
  });

  test('open loop: E2E_LOAD_RATE arrivals/s whatever the server does, latency from each intended start', async ({
    load,
  }) => {
    await load('open');
  });
});
