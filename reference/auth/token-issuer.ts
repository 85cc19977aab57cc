import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { UserRecord } from '../config/parse-users.ts';
import type { SigningKeys } from './signing-keys.ts';

export interface TokenIssuerOptions {
  readonly keys: SigningKeys;
  readonly issuer: string;
  readonly audience: string;
  readonly ttlS: number;
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
}

/** Signs an ES256 access token for a user: sub, email, iss, aud, iat, exp, jti. */
export async function issueToken(options: TokenIssuerOptions, user: UserRecord): Promise<IssuedToken> {
  const accessToken = await new SignJWT({ email: user.email })
    .setProtectedHeader({ alg: 'ES256', kid: options.keys.kid, typ: 'JWT' })
    .setSubject(user.sub)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(`${options.ttlS}s`)
    .setJti(randomUUID())
    .sign(options.keys.privateKey);
  return { accessToken, expiresIn: options.ttlS };
}
