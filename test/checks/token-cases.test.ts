import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { TestAuth } from '../../framework/auth/test-auth.ts';
import { TokenFactory } from '../../framework/auth/token-factory.ts';
import { TOKEN_CASES, tokenForCase } from '../../framework/checks/token-cases.ts';
import { loadConfig } from '../../framework/config/load-config.ts';
import type { ResolvedTarget } from '../../framework/target/resolved-target.ts';
import { publishedPublicKey } from '../../framework/auth/derived-tokens.ts';
import { ChatClient } from '../../framework/client/chat-client.ts';
import { agentChatContract } from '../../framework/contract/agent-chat.ts';
import { startReferenceStack } from '../../reference/index.ts';

const config = loadConfig({ E2E_ENV: 'local' });
const remote: ResolvedTarget = {
  kind: 'remote',
  authUrl: undefined,
  backendUrl: 'http://127.0.0.1:9',
  wsUrl: 'ws://127.0.0.1:9/ws',
  signingKey: undefined,
  users: [],
  faults: '',
  logFile: undefined,
};
const claims = { issuer: config.issuer, audience: config.audience };

describe('tokenForCase', () => {
  it('covers valid, missing and every negative kind', () => {
    expect(TOKEN_CASES).toEqual([
      'valid',
      'missing',
      'expired',
      'not_yet_valid',
      'wrong_key',
      'wrong_issuer',
      'wrong_audience',
      'hs256_public_key',
      'alg_none',
      'tampered',
      'garbage',
      'truncated',
    ]);
  });

  it('mints every case with a key the target trusts', async () => {
    const { privateJwk } = await TokenFactory.generateKey();
    const tokens = await TokenFactory.create({ signingKey: privateJwk, ...claims });
    const auth = new TestAuth({ ...remote, signingKey: privateJwk }, config, tokens);

    expect(await tokenForCase('valid', { auth, ...claims })).toMatchObject({ subject: 'user_alice' });
    expect(await tokenForCase('missing', { auth, ...claims })).toEqual({ token: undefined, subject: undefined });
    const expired = await tokenForCase('expired', { auth, ...claims });
    expect('token' in expired && decodeJwt(expired.token!).exp! * 1000).toBeLessThan(Date.now());
  });

  it('without a key, says which cases cannot apply and why, and still makes the keyless ones', async () => {
    const auth = new TestAuth(remote, config, undefined);

    expect(await tokenForCase('valid', { auth, ...claims })).toEqual({
      notApplicable: expect.stringMatching(/^no valid token: login: the target has no auth service URL/),
    });
    expect(await tokenForCase('expired', { auth, ...claims })).toEqual({
      notApplicable: expect.stringMatching(/an expired token must be signed with the target's key.*E2E_SIGNING_KEY/),
    });
    expect(await tokenForCase('garbage', { auth, ...claims })).toEqual({
      token: 'not-a-jwt-at-all',
      subject: undefined,
    });
    const none = await tokenForCase('alg_none', { auth, ...claims });
    expect('token' in none && decodeProtectedHeader(none.token!).alg).toBe('none');
    expect('token' in none && decodeJwt(none.token!)).toMatchObject({ iss: config.issuer, aud: config.audience });
    const wrongKey = await tokenForCase('wrong_key', { auth, ...claims });
    expect('token' in wrongKey && decodeProtectedHeader(wrongKey.token!).alg).toBe('ES256');
  });

  it('makes tampered, truncated and the HS256 confusion token on a target with only a login, and the target refuses each', async () => {
    const stack = await startReferenceStack({ env: { REF_STEP_MS: '1' }, log: false });
    try {
      const target: ResolvedTarget = {
        ...remote,
        authUrl: stack.authUrl,
        backendUrl: stack.backendUrl,
        wsUrl: stack.wsUrl,
        users: [{ email: 'alice@example.com', password: 'alice-password' }],
      };
      const auth = new TestAuth(target, config, undefined);
      const login = await auth.token(0);
      for (const kind of ['tampered', 'truncated', 'hs256_public_key'] as const) {
        const made = await tokenForCase(kind, { auth, ...claims });
        if (!('token' in made) || !made.token) throw new Error(`${kind}: ${JSON.stringify(made)}`);
        expect(made.token, kind).not.toBe(login);
        const attempt = await ChatClient.attempt({
          url: stack.wsUrl,
          contract: agentChatContract,
          token: made.token,
          label: kind,
          handshakeTimeoutMs: 3000,
        });
        expect(attempt.error?.message, kind).toMatch(/401/);
      }
      // The confusion token really is an HMAC keyed with the published key, with the login's subject.
      const hs = await tokenForCase('hs256_public_key', { auth, ...claims });
      const pem = await publishedPublicKey(
        `${stack.authUrl}/.well-known/jwks.json`,
        decodeProtectedHeader(login).kid,
        3000,
      );
      const { payload } = await jwtVerify((hs as { token: string }).token, new TextEncoder().encode(pem), {
        algorithms: ['HS256'],
      });
      expect(payload.sub).toBe(decodeJwt(login).sub);
      expect(await tokenForCase('expired', { auth, ...claims })).toEqual({
        notApplicable: expect.stringMatching(/E2E_SIGNING_KEY/),
      });
    } finally {
      await stack.close();
    }
  });
});
