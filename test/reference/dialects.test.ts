import { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import {
  DIALECT_NAMES,
  parseReferenceConfig,
  ReferenceConfigError,
  startReferenceStack,
} from '../../reference/index.ts';
import { plainGet } from './support/plain-get.ts';
import { rawUpgrade, upgradeRequest } from './support/raw-upgrade.ts';
import { getJson } from './support/reference-http.ts';
import { spawnReference } from './support/spawn-reference.ts';
import { withStack } from './support/with-stack.ts';
import { connect, connectRefused } from './support/ws-test-client.ts';

const CRITICAL = ['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed'];
const CHALLENGE = 'Bearer error="invalid_token"';
const encoded = (token: string): string => `jwt.${Buffer.from(token).toString('base64url')}`;

describe('REF_DIALECT: healthy variants of the reference backend', () => {
  it('parses a comma-separated list and reports it on /health/websocket', async () => {
    expect([...parseReferenceConfig({}).dialects]).toEqual([]);
    expect([...parseReferenceConfig({ REF_DIALECT: ' no_resume, short_runs,,no_resume ' }).dialects]).toEqual([
      'no_resume',
      'short_runs',
    ]);
    await withStack({ REF_DIALECT: 'short_runs,python_close_codes' }, async ({ stack }) => {
      const health = (await getJson(`${stack.backendUrl}/health/websocket`)).body;
      expect(health).toMatchObject({
        status: 'healthy',
        subprotocols: ['agent_chat'],
        dialects: ['short_runs', 'python_close_codes'],
      });
    });
  });

  it('refuses an unknown name, naming REF_DIALECT, the name and the known ones', async () => {
    const error = (() => {
      try {
        parseReferenceConfig({ REF_DIALECT: 'no_resume,fastapi' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ReferenceConfigError);
    expect(error).toMatchObject({ code: 'REF_CONFIG_INVALID', variable: 'REF_DIALECT' });
    expect((error as Error).message).toBe(
      `REF_DIALECT: unknown dialect "fastapi" (known: ${DIALECT_NAMES.join(', ')})`,
    );
    await expect(startReferenceStack({ env: { REF_DIALECT: 'fastapi' }, log: false })).rejects.toThrow(
      /^REF_DIALECT: unknown dialect "fastapi"/,
    );
    const ref = spawnReference({ REF_DIALECT: 'fastapi' });
    expect((await ref.exited).code).toBe(2);
    expect(ref.stderr()).toMatch(/^reference: REF_DIALECT: unknown dialect "fastapi" \(known: auth_before_upgrade, /);
  });

  it('runs the golden path with every dialect on at once', async () => {
    await withStack({ REF_DIALECT: DIALECT_NAMES.join(',') }, async ({ stack, alice }) => {
      const client = await connect(stack.wsUrl, { token: alice, protocols: ['agent_chat'] });
      expect(client.protocol).toBe('agent_chat');
      client.send({ type: 'user_message', id: 'm1', content: 'Weather in Rome?' });
      await client.waitFor((f) => f.type === 'agent_completed');
      expect(client.frames.filter((f) => f['run_id'] !== undefined).map((f) => f.type)).toEqual(CRITICAL);
      await client.close();
    });
  });
});

describe('auth_before_upgrade', () => {
  it('without it, a plain GET /ws is a 400 whatever the token', async () => {
    await withStack({}, async ({ stack, alice }) => {
      for (const headers of [{}, { Authorization: `Bearer ${alice}` }] as Array<Record<string, string>>) {
        const answer = await plainGet(stack.wsUrl, headers);
        expect({ status: answer.status, error: answer.body['error'] }).toEqual({ status: 400, error: 'bad_handshake' });
      }
    });
  });

  it('a plain GET /ws: 401 with a challenge without a valid token, 426 upgrade_required with one', async () => {
    await withStack({ REF_DIALECT: 'auth_before_upgrade', REF_QUERY_TOKEN: '1' }, async ({ stack, alice }) => {
      const missing = await plainGet(stack.wsUrl);
      expect({
        status: missing.status,
        challenge: missing.headers['www-authenticate'],
        error: missing.body['error'],
      }).toEqual({
        status: 401,
        challenge: CHALLENGE,
        error: 'missing_token',
      });
      const bad = await plainGet(stack.wsUrl, { Authorization: 'Bearer not-a-jwt' });
      expect({ status: bad.status, challenge: bad.headers['www-authenticate'], body: bad.body }).toEqual({
        status: 401,
        challenge: CHALLENGE,
        body: { error: 'invalid_token', detail: 'malformed' },
      });
      // Every transport the upgrade accepts counts here too.
      const transports: Array<Record<string, string>> = [
        { Authorization: `Bearer ${alice}` },
        { 'Sec-WebSocket-Protocol': `agent_chat, ${encoded(alice)}` },
      ];
      for (const headers of transports) {
        const answer = await plainGet(stack.wsUrl, headers);
        expect({ status: answer.status, upgrade: answer.headers['upgrade'], error: answer.body['error'] }).toEqual({
          status: 426,
          upgrade: 'websocket',
          error: 'upgrade_required',
        });
      }
      expect((await plainGet(`${stack.wsUrl}?token=${alice}`)).status).toBe(426);
      expect((await plainGet(stack.wsUrl, { Authorization: `Bearer ${alice}` }, 'POST')).status).toBe(405);
    });
  });

  it('the upgrade authenticates before the handshake shape; a good one still upgrades', async () => {
    await withStack({ REF_DIALECT: 'auth_before_upgrade' }, async ({ stack, alice }) => {
      const tokenless = await rawUpgrade(stack.wsUrl, upgradeRequest(stack.wsUrl, { 'Sec-WebSocket-Key': 'short' }));
      expect(tokenless.status).toBe(401);
      expect(tokenless.head).toContain(`WWW-Authenticate: ${CHALLENGE}`);
      expect(JSON.parse(tokenless.body)).toMatchObject({ error: 'missing_token' });
      const withToken = await rawUpgrade(
        stack.wsUrl,
        upgradeRequest(stack.wsUrl, { 'Sec-WebSocket-Key': 'short', Authorization: `Bearer ${alice}` }),
      );
      expect(withToken.status).toBe(400);
      const client = await connect(stack.wsUrl, { token: alice });
      await client.close();
    });
  });

  it('keeps faults working: ignore_auth_header, upgrade_then_close_on_bad_token', async () => {
    await withStack(
      { REF_DIALECT: 'auth_before_upgrade', REF_FAULTS: 'ignore_auth_header' },
      async ({ stack, alice }) => {
        expect((await plainGet(stack.wsUrl, { Authorization: `Bearer ${alice}` })).body['error']).toBe('missing_token');
        expect((await plainGet(stack.wsUrl, { 'Sec-WebSocket-Protocol': encoded(alice) })).status).toBe(426);
        expect((await connectRefused(stack.wsUrl, { token: alice })).body['error']).toBe('missing_token');
      },
    );
    await withStack(
      { REF_DIALECT: 'auth_before_upgrade', REF_FAULTS: 'upgrade_then_close_on_bad_token' },
      async ({ stack }) => {
        const client = await connect(stack.wsUrl, { token: 'garbage' });
        expect(await client.waitForClose()).toEqual({ code: 1008, reason: 'unauthorized' });
        // A plain GET cannot be upgraded, so the refusal stays an HTTP 401.
        expect((await plainGet(stack.wsUrl, { Authorization: 'Bearer garbage' })).status).toBe(401);
      },
    );
  });
});

describe('raw_jwt_subprotocol', () => {
  it('reads jwt.<JWT> raw, never echoes it, and refuses a base64url entry as a decode error', async () => {
    await withStack({ REF_DIALECT: 'raw_jwt_subprotocol' }, async ({ stack, alice }) => {
      const client = await connect(stack.wsUrl, { protocols: ['agent_chat', `jwt.${alice}`] });
      expect(client.protocol).toBe('agent_chat');
      expect(await client.waitFor((f) => f.type === 'connection_established')).toMatchObject({ user_id: 'user_alice' });
      await client.close();
      const refused = await connectRefused(stack.wsUrl, { protocols: ['agent_chat', encoded(alice)] });
      expect({
        status: refused.status,
        challenge: refused.headers['www-authenticate'],
        error: refused.body['error'],
      }).toEqual({
        status: 401,
        challenge: CHALLENGE,
        error: 'invalid_token',
      });
      expect(refused.body['detail']).toMatch(/^malformed: DecodeError: /);
      expect(JSON.stringify(refused.body)).not.toContain(alice);
      const header = await connect(stack.wsUrl, { token: alice });
      await header.close();
    });
  });

  it('without it, the raw entry is the one refused', async () => {
    await withStack({}, async ({ stack, alice }) => {
      const refused = await connectRefused(stack.wsUrl, { protocols: ['agent_chat', `jwt.${alice}`] });
      expect(refused.body).toEqual({ error: 'invalid_token', detail: 'malformed: jwt.* subprotocol is not base64url' });
    });
  });
});

describe('no_resume', () => {
  it('answers resume with error unknown_type and keeps the connection', async () => {
    await withStack({ REF_DIALECT: 'no_resume' }, async ({ stack, alice }) => {
      const client = await connect(stack.wsUrl, { token: alice });
      client.send({ type: 'user_message', id: 'm1', content: 'Paris' });
      const done = await client.waitFor((f) => f.type === 'agent_completed');
      client.send({ type: 'resume', run_id: done['run_id'], after_seq: 0 });
      const error = await client.waitFor((f) => f.type === 'error');
      expect(error).toEqual({ type: 'error', code: 'unknown_type', message: 'unknown message type "resume"' });
      client.send({ type: 'user_message', id: 'm2', content: 'Rome' });
      await client.waitFor((f) => f.type === 'agent_completed' && f['message_id'] === 'm2');
      expect(client.frames.filter((f) => f['run_id'] === done['run_id'])).toHaveLength(CRITICAL.length);
      await client.close();
    });
  });
});

describe('short_runs', () => {
  it('answers a long or long:<ms> message as a short run, with no wait and no keepalive', async () => {
    await withStack(
      { REF_DIALECT: 'short_runs', REF_LONG_RUN_MS: '60000', REF_KEEPALIVE_MS: '20' },
      async ({ stack, alice }) => {
        const client = await connect(stack.wsUrl, { token: alice });
        client.send({ type: 'user_message', id: 'a', content: 'a long one, Paris' });
        client.send({ type: 'user_message', id: 'b', content: 'a long:60000 one, Paris' });
        await client.waitFor((f) => f.type === 'agent_completed' && f['message_id'] === 'a', 2_000);
        await client.waitFor((f) => f.type === 'agent_completed' && f['message_id'] === 'b', 2_000);
        expect(client.frames.filter((f) => f['keepalive'] === true)).toEqual([]);
        expect(client.frames.filter((f) => f['message_id'] === 'a').map((f) => f.type)).toEqual(CRITICAL);
        await client.close();
      },
    );
  });
});

describe('no_origin_allowlist', () => {
  it('accepts every Origin, and still needs a token', async () => {
    await withStack({ REF_DIALECT: 'no_origin_allowlist' }, async ({ stack, alice }) => {
      for (const origin of ['null', 'http://evil.example', 'https://app.example.com']) {
        const client = await connect(stack.wsUrl, { token: alice, headers: { Origin: origin } });
        await client.close();
      }
      expect((await connectRefused(stack.wsUrl, { headers: { Origin: 'http://evil.example' } })).status).toBe(401);
    });
  });
});

describe('python_close_codes', () => {
  it('closes 1011 "keepalive ping timeout" when the client stops answering pings', async () => {
    await withStack(
      { REF_DIALECT: 'python_close_codes', REF_PING_INTERVAL_MS: '30', REF_IDLE_LIMIT_MS: '120' },
      async ({ stack, alice }) => {
        const silent = await connect(stack.wsUrl, { token: alice });
        // A client that never pongs: ws answers pings itself unless told not to.
        (silent.ws as WebSocket & { _autoPong: boolean })._autoPong = false;
        expect(await silent.waitForClose()).toEqual({ code: 1011, reason: 'keepalive ping timeout' });
      },
    );
  });

  it('leaves the other closes alone: shutdown is still 1001', async () => {
    let client: Awaited<ReturnType<typeof connect>> | undefined;
    await withStack({ REF_DIALECT: 'python_close_codes' }, async ({ stack, alice }) => {
      client = await connect(stack.wsUrl, { token: alice });
    });
    expect(await client?.waitForClose()).toEqual({ code: 1001, reason: 'server shutting down' });
  });
});
