import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type ServerOptions, type WebSocket } from 'ws';
import { ChatClient } from '../../framework/client/chat-client.ts';
import { ClientError } from '../../framework/client/errors.ts';
import { collectServerPings, pingForPong } from '../../framework/client/heartbeat-probe.ts';
import { agentChatContract as contract } from '../../framework/contract/agent-chat.ts';

const servers: WebSocketServer[] = [];
const clients: ChatClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.terminate();
  for (const s of servers.splice(0)) {
    for (const ws of s.clients) ws.terminate();
    await new Promise((r) => s.close(r));
  }
});

async function serve(options: ServerOptions, onConnection: (ws: WebSocket) => void = () => {}): Promise<ChatClient> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', ...options });
  servers.push(wss);
  wss.on('connection', (ws) => {
    ws.send(JSON.stringify({ type: 'connection_established', connection_id: 'c', user_id: 'u' }));
    onConnection(ws);
  });
  await new Promise((r) => wss.once('listening', r));
  const client = await ChatClient.connect({
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws`,
    contract,
    label: 'probe',
  });
  clients.push(client);
  return client;
}

describe('pingForPong', () => {
  it('resolves with the pong payload when the server echoes it', async () => {
    const client = await serve({});
    const pong = await pingForPong(client, Buffer.from('hello-pong'), 1000);
    expect(pong.payload.toString()).toBe('hello-pong');
    expect(pong.rttMs).toBeGreaterThanOrEqual(0);
  });

  it('rejects with E2E_WS_TIMEOUT, naming the payload size and the RFC, when no pong comes', async () => {
    const client = await serve({ autoPong: false });
    const error = await pingForPong(client, Buffer.from('12345'), 150).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect(error).toMatchObject({ code: 'E2E_WS_TIMEOUT' });
    expect((error as Error).message).toBe(
      'probe: sent a ping with a 5-byte payload and got no pong within 150 ms' +
        ' (RFC 6455 §5.5.2: a ping must be answered)',
    );
    expect((error as ClientError).evidence).toMatch(/^Timeline of probe:\n/);
  });
});

describe('collectServerPings', () => {
  it('resolves once the wanted number of pings arrived, with their times', async () => {
    const client = await serve({}, (ws) => {
      const timer = setInterval(() => ws.ping(), 40);
      ws.on('close', () => clearInterval(timer));
    });
    const times = await collectServerPings(client, 3, 2000);
    expect(times).toHaveLength(3);
    expect(times[2]! - times[0]!).toBeGreaterThanOrEqual(60);
  });

  it('resolves with what it saw when the time runs out', async () => {
    const client = await serve({});
    expect(await collectServerPings(client, 2, 100)).toEqual([]);
  });
});
