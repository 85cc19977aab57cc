import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { checkGoldenPath } from '../../framework/assertions/golden-path-rules.ts';
import { browserGoldenPath } from '../../framework/checks/browser-client.ts';
import { agentChatContract as contract } from '../../framework/contract/agent-chat.ts';
import { closePeers, wsPeer } from '../raw/support/peers.ts';

afterEach(closePeers);
const TOKEN = 'browser.style.token';
const READY = JSON.stringify({ type: 'connection_established', connection_id: 'c1', user_id: 'user_alice' });
const options = (url: string) => ({
  url,
  token: TOKEN,
  contract,
  handshakeTimeoutMs: 1000,
  eventTimeoutMs: 500,
  runTimeoutMs: 2000,
});

function agent(ws: WebSocket): void {
  ws.on('message', (data) => {
    const { id } = JSON.parse(data.toString()) as { id: string };
    const types = ['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed'];
    types.forEach((type, i) =>
      ws.send(
        JSON.stringify({
          type,
          run_id: 'run_1',
          thread_id: 't1',
          message_id: id,
          seq: i + 1,
          ...(type.startsWith('tool') ? { call_id: 'c1' } : {}),
          ...(type === 'agent_completed' ? { answer: 'sunny' } : {}),
        }),
      ),
    );
  });
}

describe('browserGoldenPath (undici WHATWG WebSocket)', () => {
  it('offers the token only as a subprotocol entry, no Authorization header, and walks the golden path', async () => {
    const peer = await wsPeer({ handleProtocols: (p) => (p.has('agent_chat') ? 'agent_chat' : false) }, agent, READY);
    const session = await browserGoldenPath(options(peer.url));

    const request = peer.requests[0]!;
    expect(request.headers.authorization).toBeUndefined();
    expect(request.headers['sec-websocket-protocol']).toBe(`agent_chat, ${contract.tokenSubprotocol(TOKEN)}`);
    expect(session).toMatchObject({ protocol: 'agent_chat', failure: undefined });
    expect(session.run?.outcome).toBe('completed');
    expect(checkGoldenPath(session.run!, contract)).toEqual([]);
    expect(session.close?.code).toBe(1000);
    expect(session.timeline.render()).not.toContain(Buffer.from(TOKEN).toString('base64url'));
  });

  it('reports a server that selects no subprotocol: a browser fails that connection', async () => {
    const peer = await wsPeer({ handleProtocols: () => false }, agent, READY);
    const session = await browserGoldenPath(options(peer.url));
    expect(session.failure).toMatch(/^the handshake failed \(close 1006\)$/);
    expect(session.run).toBeUndefined();
  });

  it('reports a run that stalls, within the event timeout', async () => {
    const peer = await wsPeer({ handleProtocols: () => 'agent_chat' }, () => {}, READY);
    const session = await browserGoldenPath(options(peer.url));
    expect(session.run).toMatchObject({
      outcome: 'stalled',
      detail: 'stalled after sending the message: no event for 500 ms',
    });
  });
});
