import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceStack, type ReferenceStack } from '../../reference/index.ts';
import { getJson, postRaw } from './support/reference-http.ts';

describe('reference auth service', () => {
  let stack: ReferenceStack;

  beforeAll(async () => {
    stack = await startReferenceStack({ env: { REF_TOKEN_TTL_S: '120' }, log: false });
  });
  afterAll(() => stack.close());

  it('logs a seeded user in with an ES256 token carrying the contract claims', async () => {
    const res = await postRaw(
      `${stack.authUrl}/auth/login`,
      JSON.stringify({ email: 'bob@example.com', password: 'bob-password' }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 120 });
    const jwks = (await getJson(`${stack.authUrl}/.well-known/jwks.json`)).body as unknown as JSONWebKeySet;
    const { payload, protectedHeader } = await jwtVerify(res.body['access_token'] as string, createLocalJWKSet(jwks), {
      issuer: 'golden-path-reference-auth',
      audience: 'golden-path-chat',
    });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: jwks.keys[0]?.kid });
    expect(payload).toMatchObject({ sub: 'user_bob', email: 'bob@example.com' });
    expect(typeof payload.jti).toBe('string');
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(120);
  });

  it('refuses wrong credentials with 401 and a malformed body with 400', async () => {
    const wrong = await postRaw(
      `${stack.authUrl}/auth/login`,
      JSON.stringify({ email: 'bob@example.com', password: 'nope' }),
    );
    expect(wrong).toEqual({ status: 401, body: { error: 'invalid_credentials' } });
    const unknown = await postRaw(
      `${stack.authUrl}/auth/login`,
      JSON.stringify({ email: 'eve@example.com', password: 'bob-password' }),
    );
    expect(unknown.status).toBe(401);
    for (const body of ['{not json', '[]', JSON.stringify({ email: 'bob@example.com' })]) {
      const bad = await postRaw(`${stack.authUrl}/auth/login`, body);
      expect(bad.status).toBe(400);
      expect(bad.body['error']).toBe('invalid_request');
    }
  });

  it('publishes only the public key, and answers health and 404 in JSON', async () => {
    const jwks = await getJson(`${stack.authUrl}/.well-known/jwks.json`);
    const [key] = jwks.body['keys'] as Array<Record<string, unknown>>;
    expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(key?.['d']).toBeUndefined();
    expect(await getJson(`${stack.authUrl}/health`)).toEqual({
      status: 200,
      body: { status: 'ok', service: 'auth', version: '0.1.0' },
    });
    expect((await getJson(`${stack.authUrl}/nope`)).status).toBe(404);
  });
});
