import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { runLoad } from '../../framework/load/run-load.ts';
import { withLoadStack } from './support/load-stack.ts';

const servers: { server: Server; wss: WebSocketServer }[] = [];
afterEach(async () => {
  for (const { server, wss } of servers.splice(0)) {
    for (const ws of wss.clients) ws.terminate();
    await new Promise((r) => (server.closeAllConnections(), server.close(r)));
  }
});

/** A minimal agent_chat peer that records each connection's remote address. */
async function recordingPeer(remotes: string[]): Promise<string> {
  const server = createServer();
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (p) => (p.has('agent_chat') ? 'agent_chat' : false),
  });
  server.on('upgrade', (req, socket, head) => {
    remotes.push(req.socket.remoteAddress ?? '?');
    const sub = String(decodeJwt((req.headers.authorization ?? '').replace(/^Bearer /, '')).sub);
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.send(JSON.stringify({ type: 'connection_established', connection_id: `c${remotes.length}`, user_id: sub }));
      ws.on('message', (data) => {
        const { id } = JSON.parse(data.toString()) as { id: string };
        const base = { run_id: `run_${id}`, thread_id: 't', message_id: id };
        const events = [
          { type: 'agent_started' },
          { type: 'agent_thinking' },
          { type: 'tool_executing', call_id: 'c' },
          { type: 'tool_completed', call_id: 'c' },
          { type: 'agent_completed', answer: 'ok' },
        ];
        events.forEach((e, i) => ws.send(JSON.stringify({ ...base, ...e, seq: i + 1 })));
      });
    });
  });
  servers.push({ server, wss });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
}

describe('runLoad past one process and one source address', () => {
  it('spreads connections over loopback source addresses 127.0.0.x', async () => {
    await withLoadStack({}, async (s) => {
      const remotes: string[] = [];
      const wsUrl = await recordingPeer(remotes);
      const result = await runLoad({
        ...s.options({ model: 'closed', users: 30, concurrency: 10 }),
        wsUrl,
        sourceAddresses: 3,
      });

      expect(result.stats.count('ok')).toBe(30);
      expect(result.sources).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.3']);
      expect(new Set(remotes)).toEqual(new Set(['127.0.0.1', '127.0.0.2', '127.0.0.3']));
    });
  });

  it('runs in worker processes and merges their histograms and counts', async () => {
    await withLoadStack({}, async (s) => {
      const result = await runLoad(s.options({ model: 'closed', users: 30, concurrency: 10 }, { workers: 2 }));

      expect(result.workers).toBe(2);
      expect(Object.fromEntries(result.stats.statuses)).toEqual({ ok: 30 });
      expect(result.stats.percentiles().completion.count).toBe(30);
      await expect.poll(() => s.openConnections(), { timeout: 2000 }).toBe(0);
    });
  });
});
