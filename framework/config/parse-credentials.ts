import type { JWK } from 'jose';
import { ConfigError } from '../errors.ts';
import { redactor } from '../report/redactor.ts';
import type { Credentials } from './config.ts';

/** E2E_USERS: `email:password,…`; each password is registered for redaction as it is read. */
export function parseUsers(raw: string | undefined, file: string | undefined): Credentials[] {
  if (!raw) return [];
  return raw.split(',').map((entry) => {
    const at = entry.indexOf(':');
    if (at <= 0 || at === entry.length - 1) {
      throw new ConfigError('E2E_CONFIG_INVALID', 'E2E_USERS', 'expected email:password,email:password', file);
    }
    const password = entry.slice(at + 1);
    redactor.register(password);
    return { email: entry.slice(0, at).trim(), password };
  });
}

/** E2E_SIGNING_KEY: a private JWK as JSON; its private part is registered for redaction. */
export function parseSigningKey(raw: string | undefined, file: string | undefined): JWK | undefined {
  if (!raw) return undefined;
  try {
    const jwk = JSON.parse(raw) as JWK;
    if (typeof jwk.kty !== 'string' || typeof jwk.d !== 'string') throw new Error('not a private JWK');
    redactor.register(jwk.d);
    return jwk;
  } catch {
    throw new ConfigError('E2E_CONFIG_INVALID', 'E2E_SIGNING_KEY', 'expected a private JWK as JSON', file);
  }
}
