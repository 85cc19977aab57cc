import { describe, expect, it } from 'vitest';
import { ownSigningKey, unsignedToken } from './support/own-signing-key.ts';
import { getJson } from './support/reference-http.ts';
import { rawUpgrade, upgradeRequest } from './support/raw-upgrade.ts';
import { withStack } from './support/with-stack.ts';
import { connect, connectRefused, type ConnectOptions } from './support/ws-test-client.ts';

const failure = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'connected',
    (error: Error) => error.message,
  );

describe('handshake-level faults', () => {
  it('subprotocol faults break RFC 6455 selection the way the client notices', async () => {
    await withStack({ REF_FAULTS: 'echo_unoffered_subprotocol' }, async ({ stack, alice }) => {
      expect(await failure(connect(stack.wsUrl, { token: alice }))).toBe(
        'Server sent a subprotocol but none was requested',
      );
      expect(await failure(connect(stack.wsUrl, { token: alice, protocols: ['graphql-ws'] }))).toBe(
        'Server sent an invalid subprotocol',
      );
      const answer = await rawUpgrade(
        stack.wsUrl,
        upgradeRequest(stack.wsUrl, { Authorization: `Bearer ${alice}`, 'Sec-WebSocket-Protocol': 'agent_chat' }),
      );
      expect(answer.head.split('\r\n').filter((line) => /^sec-websocket-protocol:/i.test(line))).toEqual([
        'Sec-WebSocket-Protocol: agent_chat',
      ]);
    });
    await withStack({ REF_FAULTS: 'echo_token_subprotocol' }, async ({ stack, alice }) => {
      const entry = `jwt.${Buffer.from(alice).toString('base64url')}`;
      const client = await connect(stack.wsUrl, { protocols: ['agent_chat', entry] });
      expect(client.protocol).toBe(entry);
      await client.close();
    });
    await withStack({ REF_FAULTS: 'no_subprotocol_echo' }, async ({ stack, alice }) => {
      expect(await failure(connect(stack.wsUrl, { token: alice, protocols: ['agent_chat'] }))).toBe(
        'Server sent no subprotocol',
      );
    });
  });

  it('auth faults let in what must be refused', async () => {
    const key = await ownSigningKey();
    const expired = await key.mint({ exp: Math.floor(Date.now() / 1000) - 60 });
    const faults = 'accept_expired,accept_alg_none,accept_any_audience,bypass_outside_test_mode,no_origin_check';
    await withStack({ REF_SIGNING_KEY: key.env, REF_FAULTS: faults }, async ({ stack }) => {
      const attempts: ConnectOptions[] = [
        { token: expired },
        { token: unsignedToken() },
        { token: await key.mint({ aud: 'someone-else' }) },
        { headers: { 'x-e2e-bypass': 'user_bob' } },
        { token: await key.mint(), headers: { Origin: 'null' } },
      ];
      for (const attempt of attempts) {
        const client = await connect(stack.wsUrl, attempt);
        await client.close();
      }
      // Still refused: a wrong issuer is not covered by any of these faults.
      expect((await connectRefused(stack.wsUrl, { token: await key.mint({ iss: 'x' }) })).status).toBe(401);
    });
  });

  it('ignore_auth_header: header tokens are not seen, subprotocol tokens are', async () => {
    await withStack({ REF_FAULTS: 'ignore_auth_header' }, async ({ stack, alice }) => {
      expect((await connectRefused(stack.wsUrl, { token: alice })).body['error']).toBe('missing_token');
      const client = await connect(stack.wsUrl, {
        protocols: ['agent_chat', `jwt.${Buffer.from(alice).toString('base64url')}`],
      });
      await client.close();
    });
  });

  it('upgrade_then_close_on_bad_token: 101, then 1008', async () => {
    await withStack({ REF_FAULTS: 'upgrade_then_close_on_bad_token' }, async ({ stack }) => {
      const client = await connect(stack.wsUrl, { token: 'garbage' });
      expect(await client.waitForClose()).toEqual({ code: 1008, reason: 'unauthorized' });
    });
  });

  it('max_connections and slow_handshake', async () => {
    await withStack({ REF_FAULTS: 'max_connections:1,slow_handshake:150' }, async ({ stack, alice }) => {
      const started = performance.now();
      const first = await connect(stack.wsUrl, { token: alice });
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
      const refused = await connectRefused(stack.wsUrl, { token: alice });
      expect(refused.status).toBe(503);
      await first.close();
    });
  });

  it('report_version: health serves a stale version', async () => {
    await withStack({ REF_FAULTS: 'report_version:0.0.9' }, async ({ stack }) => {
      expect((await getJson(`${stack.backendUrl}/health`)).body['version']).toBe('0.0.9');
    });
  });

  it('no_payload_limit and no_pong; ?token= when REF_QUERY_TOKEN=1', async () => {
    await withStack({ REF_FAULTS: 'no_payload_limit,no_pong', REF_QUERY_TOKEN: '1' }, async ({ stack, alice }) => {
      expect((await getJson(`${stack.backendUrl}/health/websocket`)).body['auth_modes']).toEqual([
        'header',
        'subprotocol',
        'query',
      ]);
      const client = await connect(stack.wsUrl, { query: `token=${alice}` });
      client.send({ type: 'user_message', id: 'big', content: `Paris ${'x'.repeat(200_000)}` });
      await client.waitFor((f) => f.type === 'agent_completed');
      const pong = new Promise<string>((resolve) => {
        client.ws.once('pong', () => resolve('pong'));
        setTimeout(() => resolve('no pong'), 150);
      });
      client.ws.ping();
      expect(await pong).toBe('no pong');
      await client.close();
    });
  });
});
