import { afterEach, describe, expect, it } from 'vitest';
import { missingFact, readServerFacts } from '../../framework/checks/server-facts.ts';
import { closedPort, closePeers, httpPeer } from '../raw/support/peers.ts';

afterEach(closePeers);

const json = (body: unknown, status = 200) =>
  httpPeer((_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)));

describe('readServerFacts', () => {
  it('reads the limits a target states in /health/websocket', async () => {
    const base = await json({
      status: 'healthy',
      subprotocols: ['agent_chat'],
      auth_modes: ['header', 'query'],
      max_payload_bytes: 65536,
      rate_limit: { burst: 20, per_s: 5 },
      max_connections_per_user: 0,
      test_mode: false,
    });
    expect(await readServerFacts(base, 1000)).toEqual({
      unavailable: undefined,
      subprotocols: ['agent_chat'],
      authModes: ['header', 'query'],
      maxPayloadBytes: 65536,
      rateLimit: { burst: 20, perS: 5 },
      maxConnectionsPerUser: 0,
      testMode: false,
    });
  });

  it('leaves what a foreign server does not state undefined, and says why when nothing could be read', async () => {
    const foreign = await readServerFacts(await json({ status: 'ok' }), 1000);
    expect(foreign).toMatchObject({ unavailable: undefined, maxPayloadBytes: undefined, rateLimit: undefined });
    expect(missingFact(foreign, 'max_payload_bytes')).toBe(
      'the target does not state max_payload_bytes in /health/websocket',
    );

    const missing = await readServerFacts(await json({ error: 'not_found' }, 404), 1000);
    expect(missing.unavailable).toMatch(/answered 404 \(expected 200\)/);
    expect(missingFact(missing, 'rate_limit')).toMatch(
      /^the target's limits are unknown \(HTTP status: GET .* answered 404 \(expected 200\): .*\)$/,
    );

    const html = await readServerFacts(await httpPeer((_req, res) => res.end('<html>')), 1000);
    expect(html.unavailable).toMatch(/answered 200 but not a JSON object/);
    const down = await readServerFacts(`http://127.0.0.1:${await closedPort()}`, 1000);
    expect(down.unavailable).toMatch(/failed \(ECONNREFUSED\)|got no answer/);
  });

  it('gives up on a server that does not answer, within the timeout', async () => {
    const started = performance.now();
    const hung = await readServerFacts(await httpPeer(() => {}), 200);
    expect(hung.unavailable).toMatch(/got no answer within 200 ms/);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
