import {
  closeText,
  collectServerPings,
  describe,
  loadConfig,
  observeClose,
  pingForPong,
  test,
  watchTimerLag,
} from '../framework/index.ts';

// Staging states a minute-long idle limit: the test's own timeout follows the env file.
const { heartbeat, timeouts } = loadConfig();
const TIMEOUT_MS = heartbeat.idleLimitMs + 4 * heartbeat.pingIntervalMs + timeouts.eventMs + 10_000;

// Side by side: each test mostly waits on the server's timers, on connections of its own.
describe.concurrent('heartbeat: pings answered, silent clients dropped, server pings on time', () => {
  test('a ping gets a pong carrying the same payload', async ({ connect, config, checks }) => {
    const payload = Buffer.from(`golden-path ${Date.now()}`);
    const check = checks.begin({
      id: 'heartbeat/ping-pong',
      description: `a client ping with a ${payload.length}-byte payload`,
      expectation: 'a pong with the same application data (RFC 6455 §5.5.3), the connection kept',
    });
    const client = await connect();

    const pong = await pingForPong(client, payload, config.timeouts.eventMs).catch((error: Error) => error);
    if (pong instanceof Error) {
      return check.fail('no_pong', {
        message: `the server did not answer a ping within ${config.timeouts.eventMs} ms`,
        observed: 'no pong',
        evidence: client.timeline,
      });
    }
    if (!pong.payload.equals(payload)) {
      const [got, sent] = [pong.payload, payload].map((b) => JSON.stringify(b.toString()));
      return check.fail('pong_payload_mismatch', {
        message: `the pong carried ${got}, not the ping's ${sent}`,
        observed: `pong of ${pong.payload.length} bytes`,
        evidence: client.timeline,
      });
    }
    check.pass(`pong with the same ${payload.length} bytes after ${pong.rttMs.toFixed(1)} ms`);
  });

  test(
    'a client that stops answering pings is closed within the idle limit; one that answers is kept',
    { timeout: TIMEOUT_MS },
    async ({ connect, config, checks }) => {
      const { idleLimitMs, pingIntervalMs } = config.heartbeat;
      // A server that checks liveness at its ping ticks may close up to one interval late.
      const boundMs = idleLimitMs + pingIntervalMs;
      const check = checks.begin({
        id: 'heartbeat/idle-limit',
        description: 'two connections: one never answers pings, one answers them',
        expectation:
          `the silent one is closed within ${boundMs} ms (idle limit ${idleLimitMs} ms, E2E_IDLE_LIMIT_MS, ` +
          'plus one ping interval, plus how late this machine runs its timers meanwhile); the answering one stays open',
      });
      // Servers often drop a dead peer without a close frame: that is the expected way here.
      const silent = (await connect({ answerPings: false })).expectClose(1006);
      const alive = await connect();
      const openedAt = silent.timeline.entries.find((e) => e.kind === 'open')?.t ?? silent.timeline.origin;

      // A close seen late because this machine ran its timers late is no finding: the bound allows
      // the lateness measured meanwhile (and a local server's timers suffer the same).
      const lag = watchTimerLag();
      const close = await silent.waitForClose(boundMs + config.timeouts.eventMs).catch(() => undefined);
      const lagMs = lag.stop();
      const closedAfter = close ? Math.round(close.at - openedAt) : undefined;
      const evidence = `${silent.timeline.render()}\n\n${alive.timeline.render()}`;
      if (!close || closedAfter === undefined) {
        const waited = boundMs + config.timeouts.eventMs;
        return check.fail('idle_client_not_closed', {
          message: `a client that answered no pings was still open after ${waited} ms (idle limit ${idleLimitMs} ms)`,
          observed: 'still open',
          evidence,
        });
      }
      silent.expectClose(close.code);
      const observation = observeClose(close, `silent client ${closeText(close)} after ${closedAfter} ms`);
      if (closedAfter > boundMs + lagMs) {
        const late =
          lagMs > 0 ? ` (${boundMs + lagMs} ms with the ${lagMs} ms this machine ran its timers late meanwhile)` : '';
        return check.fail('idle_limit_exceeded', {
          message: `the silent client was closed after ${closedAfter} ms, past the bound of ${boundMs} ms${late}`,
          ...observation,
          evidence,
        });
      }
      if (!alive.isOpen) {
        return check.fail('live_client_closed', {
          message: `the client that answered every ping was closed too (${alive.closeInfo?.code})`,
          ...observation,
          evidence,
        });
      }
      check.pass({ ...observation, observed: `${observation.observed}; the answering client is still open` });
    },
  );

  test('the server pings at its stated interval', { timeout: TIMEOUT_MS }, async ({ connect, config, checks }) => {
    const { pingIntervalMs } = config.heartbeat;
    const wanted = 3;
    const check = checks.begin({
      id: 'heartbeat/ping-interval',
      description: `${wanted} server pings on an idle connection`,
      expectation:
        `a ping every ${pingIntervalMs} ms (E2E_PING_INTERVAL_MS): ` +
        'the gaps neither all over 1.5× that nor under half of it on average',
    });
    const client = await connect();
    const openedAt = client.timeline.entries.find((e) => e.kind === 'open')?.t ?? client.timeline.origin;

    const waitedMs = Math.round(pingIntervalMs * (wanted + 1) + config.timeouts.eventMs);
    let pings = await collectServerPings(client, wanted, waitedMs);
    // A server that pings faster than stated sends more than `wanted` in that many stated intervals:
    // all of them are judged, so that one ping a busy machine held back cannot hide the fault.
    const rest = openedAt + pingIntervalMs * wanted - performance.now();
    if (pings.length >= wanted && rest > 0) pings = await collectServerPings(client, Infinity, rest);
    const gaps = pings.map((t, i) => Math.round(t - (i === 0 ? openedAt : pings[i - 1]!)));
    // A server that pings far too fast gives hundreds of gaps: the first dozen say so.
    const shown = gaps.length > 12 ? `${gaps.slice(0, 12).join(', ')}, … (${gaps.length} gaps)` : gaps.join(', ');
    const observation = {
      observed: pings.length === 0 ? 'no server ping' : `${pings.length} ping(s), gaps ${shown} ms`,
    };
    if (pings.length < wanted) {
      return check.fail('server_pings_missing', {
        message: `only ${pings.length} server ping(s) in ${waitedMs} ms, stated interval ${pingIntervalMs} ms`,
        ...observation,
        evidence: client.timeline,
      });
    }
    // Judged on the gaps together: a server whose interval is not the stated one is off on all of
    // them, while one ping a starved machine's scheduler held back (or one a fixed-rate timer sent
    // early to catch up) is off on one. A ping 460 ms late on a busy 2-core machine is no finding.
    // Too slow: every gap over 1.5×. Too fast: the mean gap under half, which a ping held back moves
    // little and a fixed-rate timer's catching up not at all.
    const slow = Math.min(...gaps) > pingIntervalMs * 1.5;
    const fast = (pings.at(-1)! - openedAt) / pings.length < pingIntervalMs * 0.5;
    if (slow || fast) {
      const how = slow ? 'every gap over 1.5× of it' : 'the gaps under half of it on average';
      const stated = `not every ${pingIntervalMs} ms as stated: ${how}`;
      return check.fail('ping_interval_off', {
        message: `server pings came ${shown} ms apart, ${stated}`,
        ...observation,
        evidence: client.timeline,
      });
    }
    check.pass(observation);
  });
});
