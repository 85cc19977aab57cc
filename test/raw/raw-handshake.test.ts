import { afterEach, describe, expect, it } from 'vitest';
import { rawHandshake } from '../../framework/raw/raw-handshake.ts';
import { closedPort, closePeers, httpPeer, tcpPeer, wsPeer } from './support/peers.ts';

afterEach(closePeers);
const timeoutMs = 1000;

describe('rawHandshake', () => {
  it('upgrades against a real ws server, checks the accept key and keeps frames sent with the 101', async () => {
    const peer = await wsPeer(
      { handleProtocols: (p) => (p.has('agent_chat') ? 'agent_chat' : false) },
      undefined,
      '{"type":"connection_established"}',
    );
    const answer = await rawHandshake({
      url: peer.url,
      changes: { 'Sec-WebSocket-Protocol': 'agent_chat, other' },
      timeoutMs,
    });

    expect(answer.kind).toBe('upgraded');
    if (answer.kind !== 'upgraded') return;
    expect(answer.acceptValid).toBe(true);
    expect(answer.selectedProtocols).toEqual(['agent_chat']);
    const greeting = await answer.connection.waitForFrame((f) => f.opcode === 1, { timeoutMs });
    expect(greeting.payload.toString()).toBe('{"type":"connection_established"}');
    answer.connection.destroy();
  });

  it('writes header names exactly as given and drops the ones set to undefined', async () => {
    const peer = await wsPeer();
    const answer = await rawHandshake({
      url: peer.url,
      changes: [
        ['AUTHORIZATION', 'bearer abc.def.ghi'],
        ['sec-websocket-version', '13'],
      ],
      timeoutMs,
    });
    if (answer.kind === 'upgraded') answer.connection.destroy();

    const names = peer.requests[0]!.rawHeaders.filter((_, i) => i % 2 === 0);
    expect(names).toContain('AUTHORIZATION');
    expect(names).toContain('sec-websocket-version');
    expect(names).not.toContain('Sec-WebSocket-Version');

    const refused = await rawHandshake({ url: peer.url, changes: { 'Sec-WebSocket-Key': undefined }, timeoutMs });
    expect(refused.kind).toBe('refused');
    if (refused.kind === 'refused') expect(refused.head.status).toBe(400);
  });

  it('reads the status and body of a refusal, and its header lines', async () => {
    const base = await httpPeer(
      () => {},
      (_req, socket) => {
        socket.end(
          'HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: 25\r\nWWW-Authenticate: Bearer\r\n\r\n{"error":"invalid_token"}',
        );
      },
    );
    const answer = await rawHandshake({ url: base.replace('http', 'ws') + '/ws', timeoutMs });

    expect(answer.kind).toBe('refused');
    if (answer.kind !== 'refused') return;
    expect(answer.head.status).toBe(401);
    expect(answer.body).toBe('{"error":"invalid_token"}');
    expect(answer.head.headers.get('www-authenticate')).toEqual(['Bearer']);
    expect(answer.timeline.render()).toMatch(/← HTTP 401 refused: \{"error":"invalid_token"\}/);
  });

  it('reports every Sec-WebSocket-Protocol value and a wrong accept key', async () => {
    const url = await tcpPeer((socket) =>
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: bogus\r\nSec-WebSocket-Protocol: agent_chat\r\nSec-WebSocket-Protocol: agent_chat\r\n\r\n',
      ),
    );
    const answer = await rawHandshake({ url, timeoutMs });

    expect(answer.kind).toBe('upgraded');
    if (answer.kind !== 'upgraded') return;
    expect(answer.selectedProtocols).toEqual(['agent_chat', 'agent_chat']);
    expect(answer.acceptValid).toBe(false);
    answer.connection.destroy();
  });

  it('gives up on a server that never answers, within the timeout', async () => {
    const url = await tcpPeer(() => {});
    const started = performance.now();
    const answer = await rawHandshake({ url, timeoutMs: 200 });

    expect(answer).toMatchObject({
      kind: 'no_answer',
      code: 'E2E_HANDSHAKE_TIMEOUT',
      detail: 'no response head within 200 ms (the server hung)',
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('reports a refused TCP connection and a server that hangs up, without throwing', async () => {
    const refused = await rawHandshake({ url: `ws://127.0.0.1:${await closedPort()}/ws`, timeoutMs });
    expect(refused).toMatchObject({ kind: 'no_answer', code: 'E2E_HANDSHAKE_FAILED' });
    if (refused.kind === 'no_answer') expect(refused.detail).toMatch(/ECONNREFUSED/);

    const hangup = await rawHandshake({ url: await tcpPeer((socket) => socket.end()), timeoutMs });
    expect(hangup).toMatchObject({
      kind: 'no_answer',
      code: 'E2E_HANDSHAKE_FAILED',
      detail: 'connection closed without an answer',
    });
  });
});
