import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { ChatClient } from '../../framework/client/chat-client.ts';
import { ClientError, HandshakeError } from '../../framework/client/errors.ts';
import { agentChatContract as contract } from '../../framework/contract/agent-chat.ts';

type Peer = (ws: WebSocket, protocol: string, headers: Record<string, string | string[] | undefined>) => void;

const servers: Server[] = [];
const peers: WebSocketServer[] = [];
afterEach(async () => {
  // Upgraded sockets are no longer the HTTP server's: terminate them, or close() would wait for them.
  for (const wss of peers.splice(0)) for (const ws of wss.clients) ws.terminate();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => (s.closeAllConnections(), s.close(r)))));
});

/** A real WebSocket peer on a free loopback port; `refuse` answers the upgrade with an HTTP status instead. */
async function peer(onConnection: Peer, refuse?: number): Promise<string> {
  const server = createServer();
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (p) => (p.has('agent_chat') ? 'agent_chat' : false),
  });
  server.on('upgrade', (req, socket, head) => {
    if (refuse) {
      socket.end(
        `HTTP/1.1 ${refuse} Refused\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"error":"invalid_token"}`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.send(JSON.stringify({ type: 'connection_established', connection_id: 'c1', user_id: 'user_alice' }));
      onConnection(ws, ws.protocol, req.headers);
    });
  });
  servers.push(server);
  peers.push(wss);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
}

const scripted: Peer = (ws) => {
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as { id: string };
    const base = { run_id: 'run_1', thread_id: 't1', message_id: msg.id };
    const events = [
      { type: 'agent_started' },
      { type: 'agent_thinking' },
      { type: 'tool_executing', call_id: 'c1' },
      { type: 'tool_completed', call_id: 'c1' },
      { type: 'agent_completed', answer: 'sunny' },
    ];
    events.forEach((e, i) => ws.send(JSON.stringify({ ...base, ...e, seq: i + 1 })));
  });
};

describe('ChatClient', () => {
  it('connects with a header token, waits for the ready event and collects a run', async () => {
    let seen: Record<string, string | string[] | undefined> = {};
    const url = await peer((ws, _p, headers) => ((seen = headers), scripted(ws, _p, headers)));
    const client = await ChatClient.connect({ url, contract, token: 'header.token.value', label: 'alice#1' });

    expect(seen.authorization).toBe('Bearer header.token.value');
    expect(client.protocol).toBe('agent_chat');
    expect(client.ready?.userId).toBe('user_alice');
    const run = await client.runToCompletion('hello', { settleMs: 20 });
    expect(run.outcome).toBe('completed');
    expect(run.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(run.answer).toBe('sunny');
    await client.close();
    expect(client.closeInfo).toMatchObject({ code: 1000, by: 'client' });
    // The run's timeline is the connection as it stood when the run ended, even if read later.
    expect(run.timeline).toContain('agent_completed seq=5');
    expect(run.timeline).not.toContain('close 1000');
  });

  it('carries the token in a jwt.* subprotocol entry and renders it redacted', async () => {
    let offered: string | string[] | undefined;
    const url = await peer((_ws, _p, headers) => (offered = headers['sec-websocket-protocol']));
    const client = await ChatClient.connect({ url, contract, token: 'sub.proto.tokenvalue', auth: 'subprotocol' });

    expect(offered).toBe(`agent_chat,jwt.${Buffer.from('sub.proto.tokenvalue').toString('base64url')}`);
    expect(client.timeline.render()).not.toContain(Buffer.from('sub.proto.tokenvalue').toString('base64url'));
    await client.close();
  });

  it('reads the HTTP status of a refused upgrade', async () => {
    const url = await peer(() => {}, 401);
    const error = await ChatClient.connect({ url, contract, token: 'bad.token.value' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HandshakeError);
    expect((error as HandshakeError).code).toBe('E2E_HANDSHAKE_REFUSED');
    expect((error as HandshakeError).status).toBe(401);
    expect((error as HandshakeError).body).toContain('invalid_token');
    expect((error as HandshakeError).message).toBe('client: upgrade refused with HTTP 401');
    expect((error as HandshakeError).evidence).toMatch(/^Timeline of client:\n[\s\S]*← HTTP 401 refused/);
  });

  it('names a handshake that times out by its code, apart from one that fails', async () => {
    const server = createServer(); // takes the upgrade request and never answers it
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
    const hung = await ChatClient.connect({ url, contract, handshakeTimeoutMs: 50 }).catch((e: unknown) => e);
    expect(hung).toMatchObject({ code: 'E2E_HANDSHAKE_TIMEOUT', message: 'client: no upgrade within 50 ms' });

    await new Promise((r) => (server.closeAllConnections(), server.close(r)));
    const refused = await ChatClient.connect({ url, contract }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'E2E_HANDSHAKE_FAILED', errno: 'ECONNREFUSED' });
    expect((refused as HandshakeError).message).toMatch(/^client: handshake failed: connect ECONNREFUSED /);
  });

  it('a wait that times out throws E2E_WS_TIMEOUT with the timeline', async () => {
    const url = await peer(() => {});
    const client = await ChatClient.connect({ url, contract, label: 'quiet#1' });
    const error = await client.waitFor('agent_started', { timeoutMs: 50 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).code).toBe('E2E_WS_TIMEOUT');
    expect((error as ClientError).message).toBe('quiet#1: waited 50 ms for "agent_started"; it did not arrive');
    expect((error as ClientError).evidence).toMatch(/^Timeline of quiet#1:\n[\s\S]*connection_established/);
    // What prints only the stack (node, a JSON reporter) shows the timeline between the message and the frames.
    expect((error as ClientError).stack).toMatch(/did not arrive\n\nTimeline of quiet#1:[\s\S]*\n\s+at /);
    await client.close();
  });

  it('a server close fails the pending wait at once with the close code', async () => {
    const url = await peer((ws) => ws.on('message', () => ws.close(1011, 'internal error')));
    const client = await ChatClient.connect({ url, contract });
    const run = await client.runToCompletion('hello', { eventTimeoutMs: 5000 });

    expect(run.outcome).toBe('closed');
    expect(run.detail).toBe('connection closed with 1011 "internal error" after no event of the run');
    expect(client.closeInfo).toMatchObject({ code: 1011, by: 'server' });
  });

  it('a run whose server goes quiet is reported as stalled after its last event', async () => {
    const url = await peer((ws) =>
      ws.on('message', (d) => {
        const { id } = JSON.parse(d.toString()) as { id: string };
        ws.send(JSON.stringify({ type: 'agent_started', run_id: 'r', message_id: id, seq: 1 }));
      }),
    );
    const client = await ChatClient.connect({ url, contract });
    const run = await client.runToCompletion('hello', { eventTimeoutMs: 100 });

    expect(run.outcome).toBe('stalled');
    expect(run.detail).toBe('stalled after agent_started (seq 1): no event for 100 ms');
    await client.close();
  });

  it('a run that streams but never completes times out at the run timeout, and does not stall', async () => {
    const url = await peer((ws) =>
      ws.on('message', (d) => {
        const { id } = JSON.parse(d.toString()) as { id: string };
        let seq = 0;
        const beat = setInterval(() => {
          if (ws.readyState !== ws.OPEN) return clearInterval(beat);
          seq += 1;
          ws.send(JSON.stringify({ type: 'agent_thinking', run_id: 'r', message_id: id, seq, text: '…' }));
        }, 40);
        ws.once('close', () => clearInterval(beat));
      }),
    );
    const client = await ChatClient.connect({ url, contract });
    const run = await client.runToCompletion('hello', { eventTimeoutMs: 700, runTimeoutMs: 1500 });

    expect(run.outcome).toBe('timeout');
    expect(run.detail).toBe('run did not complete within 1500 ms');
    // Events kept coming until the end: the run was cut by its timeout, not by a silence.
    expect(run.events.length).toBeGreaterThan(5);
    expect(performance.now() - run.sentAt).toBeGreaterThanOrEqual(1499);
    await client.close();
  });

  it('a refused TCP connection is a handshake failure, not a hang', async () => {
    const url = await peer(() => {});
    await new Promise((r) => (servers[0]!.closeAllConnections(), servers.shift()!.close(r)));
    const error = await ChatClient.connect({ url, contract, handshakeTimeoutMs: 1000 }).catch((e: unknown) => e);
    expect((error as HandshakeError).code).toBe('E2E_HANDSHAKE_FAILED');
    expect((error as HandshakeError).message).toMatch(/ECONNREFUSED/);
  });
});
