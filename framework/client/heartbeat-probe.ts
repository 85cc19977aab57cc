import { performance } from 'node:perf_hooks';
import type { ChatClient } from './chat-client.ts';
import { ClientError } from './errors.ts';

/**
 * Sends a ping with `payload` and resolves with the pong's payload and the round trip. RFC 6455
 * §5.5.3: the pong must carry the ping's application data. Rejects after `timeoutMs` without one.
 */
export function pingForPong(
  client: ChatClient,
  payload: Buffer,
  timeoutMs: number,
): Promise<{ payload: Buffer; rttMs: number }> {
  return new Promise((resolve, reject) => {
    const sent = performance.now();
    const onPong = (data: Buffer) => {
      clearTimeout(timer);
      resolve({ payload: data, rttMs: performance.now() - sent });
    };
    const timer = setTimeout(() => {
      client.ws.off('pong', onPong);
      reject(
        new ClientError(
          'E2E_WS_TIMEOUT',
          `${client.label}: sent a ping with a ${payload.length}-byte payload and got no pong within ${timeoutMs} ms (RFC 6455 §5.5.2: a ping must be answered)`,
          client.timeline,
        ),
      );
    }, timeoutMs);
    client.ws.once('pong', onPong);
    client.ping(payload);
  });
}

/**
 * Waits until `count` server pings have arrived on `client` (counting those already received)
 * or `timeoutMs` passes; resolves with the arrival times either way, so the caller can judge.
 */
export function collectServerPings(client: ChatClient, count: number, timeoutMs: number): Promise<number[]> {
  const seen = () => client.timeline.entries.filter((e) => e.kind === 'ping' && e.direction === 'in').map((e) => e.t);
  return new Promise((resolve) => {
    if (seen().length >= count) return resolve(seen());
    const done = () => {
      clearTimeout(timer);
      client.ws.off('ping', onPing);
      client.ws.off('close', done);
      resolve(seen());
    };
    // The client's own listener records the ping first; read the timeline after it.
    const onPing = () => void (seen().length >= count && done());
    const timer = setTimeout(done, timeoutMs);
    client.ws.on('ping', onPing);
    client.ws.once('close', done);
  });
}

/**
 * Starts watching how late this process runs its timers (a 20 ms tick, measured against
 * `performance.now()`); `stop()` returns the worst lateness seen, in ms. A machine too busy to keep
 * time makes the harness see a close or a ping that late, and runs a local server's timers late too:
 * a bound in milliseconds allows what was measured here, and says so.
 */
export function watchTimerLag(): { stop(): number } {
  const tickMs = 20;
  let worst = 0;
  let due = performance.now() + tickMs;
  const tick = () => {
    const now = performance.now();
    worst = Math.max(worst, now - due);
    due = now + tickMs;
    timer = setTimeout(tick, tickMs);
    timer.unref();
  };
  let timer = setTimeout(tick, tickMs);
  timer.unref();
  return {
    stop: () => {
      clearTimeout(timer);
      return Math.round(worst);
    },
  };
}
