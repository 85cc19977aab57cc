import { afterEach, describe, expect, it } from 'vitest';
import { judgeAccepted, judgeCredentialRefused } from '../../framework/checks/judge-auth.ts';
import { summarizeAttempt } from '../../framework/checks/observe-attempt.ts';
import { ChatClient } from '../../framework/client/chat-client.ts';
import { agentChatContract as contract } from '../../framework/contract/agent-chat.ts';
import { closePeers, tcpPeer, wsPeer } from '../raw/support/peers.ts';

const clients: ChatClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => c.terminate())));
  await closePeers();
});

const READY = JSON.stringify({ type: 'connection_established', connection_id: 'c1', user_id: 'user_alice' });
const presented = { token: 'an expired token', transport: 'the Authorization header', evidence: 'Timeline' };

async function attempt(url: string) {
  const result = await ChatClient.attempt({
    url,
    contract,
    token: 'some.jwt.value',
    handshakeTimeoutMs: 1000,
    eventTimeoutMs: 300,
  });
  clients.push(result.client);
  return result;
}

describe('summarizeAttempt with judgeCredentialRefused / judgeAccepted, against real servers', () => {
  it('reads a 401 before the upgrade as the refusal it should be', async () => {
    const { url } = await wsPeer({ verifyClient: (_i, done) => done(false, 401, 'Unauthorized') });
    const s = summarizeAttempt(await attempt(url));
    expect(s).toMatchObject({ upgraded: false, ready: false, httpStatus: 401 });
    expect(judgeCredentialRefused(s, presented)).toMatchObject({ ok: true });
    expect(
      judgeAccepted(s, { ...presented, token: 'a valid token', readyEvent: 'connection_established' }),
    ).toMatchObject({
      ok: false,
      finding: 'valid_token_refused',
      message: 'a valid token sent in the Authorization header was refused with HTTP 401',
    });
  });

  it('names 101-then-close 1008 as upgrade_then_close, not as a refusal', async () => {
    const { url } = await wsPeer({}, (ws) => ws.close(1008, 'unauthorized'));
    const s = summarizeAttempt(await attempt(url));
    expect(s).toMatchObject({ upgraded: true, ready: false, closeCode: 1008, httpStatus: 101 });
    const j = judgeCredentialRefused(s, presented);
    expect(j).toMatchObject({ ok: false, finding: 'upgrade_then_close' });
    if (!j.ok)
      expect(j.message).toBe(
        'an expired token sent in the Authorization header was upgraded (101) and then closed 1008, instead of refused with HTTP 401 before the upgrade',
      );
  });

  it('names an accepted invalid token, and passes a valid one for the right user', async () => {
    const { url } = await wsPeer({}, undefined, READY);
    const s = summarizeAttempt(await attempt(url));
    expect(s).toMatchObject({ upgraded: true, ready: true, open: true });
    expect(judgeCredentialRefused(s, presented)).toMatchObject({ ok: false, finding: 'invalid_token_accepted' });
    expect(
      judgeAccepted(s, {
        ...presented,
        readyEvent: 'connection_established',
        subject: 'user_alice',
        userId: 'user_alice',
      }),
    ).toMatchObject({ ok: true });
    expect(
      judgeAccepted(s, {
        ...presented,
        readyEvent: 'connection_established',
        subject: 'user_bob',
        userId: 'user_alice',
      }),
    ).toMatchObject({ ok: false, finding: 'wrong_user' });
  });

  it('names a refusal with the wrong status, and a handshake that fails without one', async () => {
    const { url } = await wsPeer({ verifyClient: (_i, done) => done(false, 403, 'Forbidden') });
    expect(judgeCredentialRefused(summarizeAttempt(await attempt(url)), presented)).toMatchObject({
      ok: false,
      finding: 'wrong_refusal_status',
      httpStatus: 403,
    });
    expect(
      judgeCredentialRefused(summarizeAttempt(await attempt(url)), { ...presented, statuses: [403] }),
    ).toMatchObject({
      ok: true,
    });
    const garbled = await tcpPeer((socket) => socket.end('not http at all\r\n\r\n'));
    expect(judgeCredentialRefused(summarizeAttempt(await attempt(garbled)), presented)).toMatchObject({
      ok: false,
      finding: 'no_http_status',
    });
  });

  // The verdict rests on what followed the 101, not on the 101 alone.
  it('after a 101, a close before the ready event is a late refusal; the ready event first is a way in, even if a close follows', () => {
    const upgraded = {
      upgraded: true,
      open: false,
      keptOpen: false,
      errorField: undefined,
      httpStatus: 101,
      closeCode: 1008,
      closeReason: 'unauthorized',
    };
    const refusedLate = judgeCredentialRefused(
      { ...upgraded, ready: false, observed: '101 (protocol agent_chat), then close 1008 "unauthorized"' },
      presented,
    );
    expect(refusedLate).toMatchObject({ ok: false, finding: 'upgrade_then_close' });
    const greetedThenClosed = judgeCredentialRefused(
      {
        ...upgraded,
        ready: true,
        observed: '101 (protocol agent_chat), connection_established for user_alice, then close 1008 "unauthorized"',
      },
      presented,
    );
    expect(greetedThenClosed).toMatchObject({ ok: false, finding: 'invalid_token_accepted' });
    if (!greetedThenClosed.ok)
      expect(greetedThenClosed.message).toBe(
        'an expired token sent in the Authorization header was accepted: 101 and a ready connection, closed 1008 only after the ready event',
      );
  });

  it('names a server that upgrades anyone and stays silent as accepting, not as 101-then-close', async () => {
    const { url } = await wsPeer();
    const s = summarizeAttempt(await attempt(url));
    expect(s).toMatchObject({ upgraded: true, ready: false, keptOpen: true });
    const j = judgeCredentialRefused(s, presented);
    expect(j).toMatchObject({ ok: false, finding: 'invalid_token_accepted' });
    if (!j.ok)
      expect(j.message).toBe(
        'an expired token sent in the Authorization header was accepted: 101 and a connection kept open (no ready event)',
      );
  });
});
