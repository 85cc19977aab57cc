import { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { login } from './support/reference-http.ts';
import { withStack } from './support/with-stack.ts';
import { connect, connectRefused } from './support/ws-test-client.ts';

describe('connection lifetime and limits', () => {
  it('sends token_expired then closes 1008 when the token expires while connected', async () => {
    await withStack({ REF_TOKEN_TTL_S: '1' }, async ({ stack }) => {
      const client = await connect(stack.wsUrl, { token: await login(stack.authUrl) });
      // The token expires within a second of its login; the bound is wide for a busy machine, where
      // 2.5 s once passed before the frame came.
      await client.waitFor((f) => f.type === 'error' && f['code'] === 'token_expired', 10_000);
      expect(await client.waitForClose()).toEqual({ code: 1008, reason: 'token expired' });
    });
  });

  it('closes 1001 "idle timeout" when the client stops answering pings', async () => {
    await withStack({ REF_PING_INTERVAL_MS: '30', REF_IDLE_LIMIT_MS: '120' }, async ({ stack, alice }) => {
      const silent = await connect(stack.wsUrl, { token: alice });
      // A client that never pongs: ws answers pings itself unless told not to.
      (silent.ws as WebSocket & { _autoPong: boolean })._autoPong = false;
      expect(await silent.waitForClose()).toEqual({ code: 1001, reason: 'idle timeout' });
    });
  });

  it('idle_cut drops the TCP connection without a close frame', async () => {
    await withStack({ REF_FAULTS: 'idle_cut:80,no_keepalive' }, async ({ stack, alice }) => {
      const client = await connect(stack.wsUrl, { token: alice });
      expect((await client.waitForClose()).code).toBe(1006);
    });
  });

  it('long runs speak at least every keepalive/2', async () => {
    await withStack({ REF_KEEPALIVE_MS: '60' }, async ({ stack, alice }) => {
      const client = await connect(stack.wsUrl, { token: alice });
      client.send({ type: 'user_message', id: 'm', content: 'a long:200 one' });
      await client.waitFor((f) => f.type === 'agent_completed');
      const keepalives = client.frames.filter((f) => f['keepalive'] === true);
      expect(keepalives.length).toBeGreaterThanOrEqual(3);
      await client.close();
    });
  });

  it('rate limit closes 1008; the per-user cap answers 429', async () => {
    await withStack(
      { REF_RATE_BURST: '3', REF_RATE_PER_S: '1', REF_MAX_CONN_PER_USER: '1' },
      async ({ stack, alice }) => {
        const client = await connect(stack.wsUrl, { token: alice });
        expect((await connectRefused(stack.wsUrl, { token: alice })).status).toBe(429);
        for (let i = 0; i < 5; i++) client.send({ type: 'nope' });
        expect(await client.waitForClose()).toEqual({ code: 1008, reason: 'rate limit exceeded' });
      },
    );
  });

  it('closes every client 1001 on shutdown', async () => {
    let client: Awaited<ReturnType<typeof connect>> | undefined;
    await withStack({}, async ({ stack, alice }) => {
      client = await connect(stack.wsUrl, { token: alice });
    });
    expect(await client?.waitForClose()).toEqual({ code: 1001, reason: 'server shutting down' });
  });
});
