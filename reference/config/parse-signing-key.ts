// REF_SIGNING_KEY: a private ES256 JWK as JSON. The value is a secret: never put it in a message.
import type { JWK } from 'jose';
import { ReferenceConfigError } from './config-error.ts';

const VARIABLE = 'REF_SIGNING_KEY';

export type PrivateSigningJwk = JWK & { kid: string; d: string };

export function parseSigningKey(raw: string | undefined): PrivateSigningJwk | undefined {
  if (raw === undefined) return undefined;
  let jwk: unknown;
  try {
    jwk = JSON.parse(raw);
  } catch {
    throw new ReferenceConfigError(VARIABLE, 'is not valid JSON (expected a private ES256 JWK)');
  }
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
    throw new ReferenceConfigError(VARIABLE, 'must be a JSON object (a private ES256 JWK)');
  }
  const key = jwk as Record<string, unknown>;
  if (key['kty'] !== 'EC' || key['crv'] !== 'P-256') {
    throw new ReferenceConfigError(VARIABLE, 'must be an EC P-256 key (kty "EC", crv "P-256") for ES256');
  }
  for (const field of ['x', 'y', 'd', 'kid']) {
    if (typeof key[field] !== 'string' || key[field] === '') {
      throw new ReferenceConfigError(VARIABLE, `is missing the "${field}" member (a private JWK with a kid is needed)`);
    }
  }
  return key as PrivateSigningJwk;
}
