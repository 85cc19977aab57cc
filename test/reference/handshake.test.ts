import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceStack, type ReferenceStack } from '../../reference/index.ts';
import { ownSigningKey, unsignedToken, type OwnSigningKey } from './support/own-signing-key.ts';
import { login } from './support/reference-http.ts';
import { rawUpgrade, upgradeRequest } from './support/raw-upgrade.ts';
import { connect, connectRefused } from './support/ws-test-client.ts';

describe('WebSocket handshake on the reference backend', () => {
  let stack: ReferenceStack;
  let token: string;
  let key: OwnSigningKey;

  beforeAll(async () => {
    key = await ownSigningKey();
    stack = await startReferenceStack({ env: { REF_SIGNING_KEY: key.env, REF_TEST_MODE: '1' }, log: false });
    token = await login(stack.authUrl);
  });
  afterAll(() => stack.close());

  it('refuses a missing token with 401 and a Bearer challenge', async () => {
    const refused = await connectRefused(stack.wsUrl);
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    expect(refused.headers['connection']).toBe('close');
    expect(refused.body['error']).toBe('missing_token');
  });

  it('says why a token is refused, without echoing it', async () => {
    const now = Math.floor(Date.now() / 1000);
    const stranger = await ownSigningKey(); // same kid, different key
    const cases: Array<[string, string]> = [
      [await key.mint({ exp: now - 60 }), 'expired'],
      [await key.mint({ nbf: now + 600 }), 'not yet valid'],
      [await key.mint({ iss: 'someone-else' }), 'wrong issuer'],
      [await key.mint({ aud: 'another-api' }), 'wrong audience'],
      [await stranger.mint(), 'bad signature'],
      [unsignedToken(), 'unsupported alg'],
      ['not-a-jwt', 'malformed'],
    ];
    for (const [bad, detail] of cases) {
      const refused = await connectRefused(stack.wsUrl, { token: bad });
      expect({ status: refused.status, error: refused.body['error'], detail: refused.body['detail'] }).toEqual({
        status: 401,
        error: 'invalid_token',
        detail,
      });
      expect(JSON.stringify(refused.body)).not.toContain(bad);
    }
  });

  it('does not fall back to the subprotocol token when the header token is bad', async () => {
    const good = Buffer.from(token).toString('base64url');
    const refused = await connectRefused(stack.wsUrl, { token: 'garbage', protocols: ['agent_chat', `jwt.${good}`] });
    expect(refused.status).toBe(401);
  });

  it('ignores ?token= unless enabled', async () => {
    const refused = await connectRefused(stack.wsUrl, { query: `token=${token}` });
    expect(refused.body['error']).toBe('missing_token');
  });

  it('selects agent_chat only when offered, and never an unoffered protocol', async () => {
    const offered = await connect(stack.wsUrl, { token, protocols: ['other', 'agent_chat'] });
    expect(offered.protocol).toBe('agent_chat');
    await offered.close();
    // ws (the client) fails the handshake itself if the server selects something not offered.
    const unknownOnly = await connect(stack.wsUrl, { token, protocols: ['graphql-ws'] }).catch((e: Error) => e);
    expect(unknownOnly).toBeInstanceOf(Error);
    expect((unknownOnly as Error).message).toBe('Server sent no subprotocol');
  });

  it('checks the Origin exactly, and lets clients without one in', async () => {
    for (const origin of ['null', 'https://app.example.com.evil.example', 'http://evil.example']) {
      const refused = await connectRefused(stack.wsUrl, { token, headers: { Origin: origin } });
      expect(refused.status).toBe(403);
    }
    const allowed = await connect(stack.wsUrl, { token, headers: { Origin: 'https://app.example.com' } });
    await allowed.close();
  });

  it('checks path and handshake shape before auth', async () => {
    const notFound = await connectRefused(stack.wsUrl.replace('/ws', '/socket'), { token });
    expect(notFound.status).toBe(404);
    const version = await rawUpgrade(stack.wsUrl, upgradeRequest(stack.wsUrl, { 'Sec-WebSocket-Version': '8' }));
    expect(version.status).toBe(426);
    expect(version.head.split('\r\n')).toEqual(
      expect.arrayContaining(['Sec-WebSocket-Version: 13', 'Connection: close']),
    );
    const badKey = await rawUpgrade(stack.wsUrl, upgradeRequest(stack.wsUrl, { 'Sec-WebSocket-Key': 'short' }));
    expect(badKey.status).toBe(400);
    const post = await rawUpgrade(stack.wsUrl, upgradeRequest(stack.wsUrl, {}, 'POST /ws HTTP/1.1'));
    expect(post.status).toBe(405);
    const notWebsocket = await rawUpgrade(stack.wsUrl, upgradeRequest(stack.wsUrl, { Upgrade: 'h2c' }));
    expect(notWebsocket.status).toBe(400);
    expect(JSON.parse(notWebsocket.body)).toMatchObject({ error: 'bad_handshake' });
  });

  it('honours the bypass header in test mode only', async () => {
    const client = await connect(stack.wsUrl, { headers: { 'x-e2e-bypass': 'user_bob' } });
    await client.waitFor((f) => f.type === 'connection_established' && f['user_id'] === 'user_bob');
    await client.close();
    const strict = await startReferenceStack({ log: false });
    try {
      const refused = await connectRefused(strict.wsUrl, { headers: { 'x-e2e-bypass': 'user_bob' } });
      expect(refused.status).toBe(401);
    } finally {
      await strict.close();
    }
  });
});
