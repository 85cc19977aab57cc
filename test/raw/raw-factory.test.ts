import { afterEach, describe, expect, it } from 'vitest';
import { HandshakeError } from '../../framework/client/errors.ts';
import { agentChatContract as contract } from '../../framework/contract/agent-chat.ts';
import { createRawFactory } from '../../framework/raw/raw-factory.ts';
import { closePeers, wsPeer } from './support/peers.ts';

afterEach(closePeers);
const READY = '{"type":"connection_established","connection_id":"c1","user_id":"user_alice"}';
const TOKEN = 'raw.factory.token';

function factory(wsUrl: string) {
  return createRawFactory({ wsUrl, contract, authMode: 'header', handshakeTimeoutMs: 1000, eventTimeoutMs: 1000 });
}

describe('createRawFactory', () => {
  it('carries the token in the header, the jwt.* entry or the query, as asked', async () => {
    const peer = await wsPeer(
      { handleProtocols: (p) => (p.has('agent_chat') ? 'agent_chat' : false) },
      undefined,
      READY,
    );
    const raw = factory(peer.url);
    await raw.open({ token: TOKEN });
    await raw.open({ token: TOKEN, auth: 'subprotocol' });
    await raw.open({ token: TOKEN, auth: 'query', subprotocols: [] });

    const [header, subprotocol, query] = peer.requests;
    expect(header!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(header!.headers['sec-websocket-protocol']).toBe('agent_chat');
    expect(subprotocol!.headers.authorization).toBeUndefined();
    expect(subprotocol!.headers['sec-websocket-protocol']).toBe(`agent_chat, ${contract.tokenSubprotocol(TOKEN)}`);
    expect(query!.url).toBe(`/ws?token=${TOKEN}`);
    expect(query!.headers['sec-websocket-protocol']).toBeUndefined();
    raw.closeAll();
  });

  it('lets header changes win over the auth headers, names kept as written', async () => {
    const peer = await wsPeer({}, undefined, READY);
    const raw = factory(peer.url);
    await raw.open({ token: TOKEN, changes: [['AUTHORIZATION', `bearer ${TOKEN}`]] });

    const raw0 = peer.requests[0]!.rawHeaders;
    expect(raw0.filter((v) => /^authorization$/i.test(v))).toEqual(['AUTHORIZATION']);
    expect(raw0[raw0.indexOf('AUTHORIZATION') + 1]).toBe(`bearer ${TOKEN}`);
    raw.closeAll();
  });

  it('open() throws a HandshakeError with the status when the upgrade is refused, and waits for the ready event otherwise', async () => {
    const peer = await wsPeer({ verifyClient: (_info, done) => done(false, 401, 'Unauthorized') });
    const error = await factory(peer.url)
      .open({ token: TOKEN })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HandshakeError);
    expect((error as HandshakeError).status).toBe(401);

    const silent = await wsPeer();
    await expect(factory(silent.url).open({ token: TOKEN })).rejects.toMatchObject({ code: 'E2E_WS_TIMEOUT' });
  });

  it('closeAll drops every connection it opened', async () => {
    const closed: number[] = [];
    const peer = await wsPeer({}, (ws) => ws.on('close', (code) => closed.push(code)), READY);
    const raw = factory(peer.url);
    const a = await raw.open({ token: TOKEN });
    const b = await raw.open({ token: TOKEN });
    raw.closeAll();

    expect(a.ended && b.ended).toBe(true);
    await expect.poll(() => closed).toEqual([1006, 1006]);
  });
});
