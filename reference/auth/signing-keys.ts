import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { PrivateSigningJwk } from '../config/parse-signing-key.ts';

export interface SigningKeys {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  /** What /.well-known/jwks.json publishes. */
  readonly publicJwk: JWK;
}

/** Uses the configured private JWK, or generates a fresh ES256 pair (kid = its thumbprint). */
export async function loadSigningKeys(configured: PrivateSigningJwk | undefined): Promise<SigningKeys> {
  if (configured) {
    const { d: _private, ...publicPart } = configured;
    const privateKey = (await importJWK(configured, 'ES256')) as CryptoKey;
    return { kid: configured.kid, privateKey, publicJwk: publish(publicPart, configured.kid) };
  }
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const exported = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(exported);
  return { kid, privateKey, publicJwk: publish(exported, kid) };
}

function publish(jwk: JWK, kid: string): JWK {
  const { kty, crv, x, y } = jwk;
  return { kty, crv, x, y, kid, alg: 'ES256', use: 'sig' };
}
