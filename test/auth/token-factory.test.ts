import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { NEGATIVE_TOKEN_KINDS, TokenFactory } from '../../framework/auth/token-factory.ts';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const issuer = 'test-issuer';
const audience = 'test-audience';

describe('TokenFactory', () => {
  let factory: TokenFactory;
  let jwks: ReturnType<typeof createLocalJWKSet>;

  beforeAll(async () => {
    const { privateJwk, publicJwk } = await TokenFactory.generateKey('k1');
    factory = await TokenFactory.create({ signingKey: privateJwk, issuer, audience, clock: () => NOW });
    jwks = createLocalJWKSet({ keys: [publicJwk as JWK] });
  });

  const verify = (token: string) =>
    jwtVerify(token, jwks, { issuer, audience, algorithms: ['ES256'], currentDate: new Date(NOW) });

  it('mints a valid ES256 token that jose verifies, with the clock passed in', async () => {
    const { payload, protectedHeader } = await verify(
      await factory.valid({ id: 'user_alice', email: 'alice@example.com' }),
    );
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: 'k1' });
    expect(payload).toMatchObject({
      sub: 'user_alice',
      email: 'alice@example.com',
      iss: issuer,
      aud: audience,
      iat: NOW / 1000,
    });
    expect(payload.exp).toBe(NOW / 1000 + 3600);
    expect(payload.jti).toEqual(expect.any(String));
  });

  const reasons: Record<(typeof NEGATIVE_TOKEN_KINDS)[number], RegExp> = {
    expired: /"exp" claim timestamp check failed/,
    not_yet_valid: /"nbf" claim timestamp check failed/,
    wrong_key: /signature verification failed/,
    wrong_issuer: /unexpected "iss" claim value/,
    wrong_audience: /unexpected "aud" claim value/,
    hs256_public_key: /"alg" \(Algorithm\) Header Parameter value not allowed/,
    alg_none: /"alg" \(Algorithm\) Header Parameter value not allowed|Unsecured/i,
    tampered: /signature verification failed/,
    garbage: /Invalid Compact JWS/,
    truncated: /signature verification failed|Invalid Compact JWS|base64url decode/,
  };

  it.each(NEGATIVE_TOKEN_KINDS)('a %s token is refused by a correct verifier for the stated reason', async (kind) => {
    const token = await factory.negative(kind, { id: 'user_alice' });
    await expect(verify(token)).rejects.toThrow(reasons[kind]);
  });
});
