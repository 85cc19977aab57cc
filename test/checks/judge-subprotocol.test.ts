import { afterEach, describe, expect, it } from 'vitest';
import { judgeSelection } from '../../framework/checks/judge-subprotocol.ts';
import { rawHandshake, type HandshakeAnswer } from '../../framework/raw/raw-handshake.ts';
import { closePeers, tcpPeer, wsPeer } from '../raw/support/peers.ts';

afterEach(closePeers);
const ENTRY = 'jwt.ZXlKaGJHY2lPaUpGVXpJMU5pSjk';

async function offer(url: string, offered: string[]): Promise<HandshakeAnswer> {
  const answer = await rawHandshake({
    url,
    changes: offered.length ? { 'Sec-WebSocket-Protocol': offered.join(', ') } : {},
    timeoutMs: 1000,
  });
  if (answer.kind === 'upgraded') answer.connection.destroy();
  return answer;
}

describe('judgeSelection (RFC 6455 §4.1, §4.2.2) against real servers', () => {
  it('passes a server that selects agent_chat when offered and nothing otherwise', async () => {
    const { url } = await wsPeer({ handleProtocols: (p) => (p.has('agent_chat') ? 'agent_chat' : false) });
    expect(
      judgeSelection(await offer(url, ['agent_chat', ENTRY]), {
        offered: ['agent_chat', ENTRY],
        expect: 'agent_chat',
        tokenEntry: ENTRY,
      }),
    ).toMatchObject({ ok: true, observed: '101, Sec-WebSocket-Protocol: agent_chat' });
    expect(
      judgeSelection(await offer(url, ['unknown.v9']), { offered: ['unknown.v9'], expect: undefined }),
    ).toMatchObject({ ok: true });
    expect(judgeSelection(await offer(url, []), { offered: [], expect: undefined })).toMatchObject({
      ok: true,
      observed: '101, Sec-WebSocket-Protocol: (none)',
    });
  });

  it('names a server that echoes the token entry', async () => {
    const { url } = await wsPeer({ handleProtocols: (p) => [...p].find((x) => x.startsWith('jwt.')) ?? false });
    expect(
      judgeSelection(await offer(url, ['agent_chat', ENTRY]), {
        offered: ['agent_chat', ENTRY],
        expect: 'agent_chat',
        tokenEntry: ENTRY,
      }),
    ).toMatchObject({ ok: false, finding: 'token_subprotocol_echoed' });
  });

  it('names a server that selects a protocol nobody offered', async () => {
    const url = await tcpPeer((socket) =>
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Protocol: agent_chat\r\n\r\n',
      ),
    );
    const j = judgeSelection(await offer(url, []), { offered: [], expect: undefined });
    expect(j).toMatchObject({ ok: false, finding: 'unoffered_subprotocol' });
    if (!j.ok)
      expect(j.message).toBe(
        'the server selected "agent_chat", which the client did not offer (offered: nothing); RFC 6455 §4.1 makes a client fail that connection',
      );
  });

  it('names a server that selects nothing although agent_chat was offered, or selects it twice', async () => {
    const { url } = await wsPeer({ handleProtocols: () => false });
    expect(
      judgeSelection(await offer(url, ['agent_chat']), { offered: ['agent_chat'], expect: 'agent_chat' }),
    ).toMatchObject({ ok: false, finding: 'subprotocol_not_selected' });
    const twice = await tcpPeer((socket) =>
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Protocol: agent_chat\r\nSec-WebSocket-Protocol: agent_chat\r\n\r\n',
      ),
    );
    expect(
      judgeSelection(await offer(twice, ['agent_chat']), { offered: ['agent_chat'], expect: 'agent_chat' }),
    ).toMatchObject({ ok: false, finding: 'subprotocol_repeated' });
  });

  it('accepts a refusal only where the rule allows one, and names a wrong accept key', async () => {
    const { url } = await wsPeer({ verifyClient: (_i, done) => done(false, 400, 'Bad Request') });
    expect(
      judgeSelection(await offer(url, ['unknown.v9']), { offered: ['unknown.v9'], expect: undefined, refusals: [400] }),
    ).toMatchObject({ ok: true, httpStatus: 400 });
    expect(
      judgeSelection(await offer(url, ['agent_chat']), { offered: ['agent_chat'], expect: 'agent_chat' }),
    ).toMatchObject({ ok: false, finding: 'handshake_refused' });
    const bogus = await tcpPeer((socket) =>
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: bogus\r\nSec-WebSocket-Protocol: agent_chat\r\n\r\n',
      ),
    );
    expect(
      judgeSelection(await offer(bogus, ['agent_chat']), { offered: ['agent_chat'], expect: 'agent_chat' }),
    ).toMatchObject({ ok: false, finding: 'bad_accept' });
  });
});
