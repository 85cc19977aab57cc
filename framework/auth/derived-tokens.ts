import {
  decodeJwt,
  decodeProtectedHeader,
  exportSPKI,
  importJWK,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import { request } from 'undici';
import { E2eError } from '../errors.ts';
import { redactor } from '../report/redactor.ts';

// Invalid tokens made from a valid one, or from what the target publishes: none needs the target's private key.

/** The token with its payload rewritten (`sub` → user_admin) and the original signature kept. */
export function tamperedFrom(token: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as JWTPayload;
  const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'user_admin' })).toString('base64url');
  return register(`${header}.${forged}.${signature}`);
}

/** The token cut a few characters into its signature. */
export function truncatedFrom(token: string): string {
  return register(token.slice(0, token.lastIndexOf('.') + 10));
}

/**
 * Algorithm confusion: an HS256 token whose HMAC key is the server's public key (SPKI PEM), with the
 * claims of `like` (a valid token), so that a server that takes `alg` from the token accepts it.
 */
export async function hs256WithPublicKey(
  publicSpki: string,
  like: { claims: JWTPayload; kid?: string | undefined },
  now = Math.floor(Date.now() / 1000),
): Promise<string> {
  const token = await new SignJWT({ ...like.claims })
    .setProtectedHeader({ alg: 'HS256', ...(like.kid ? { kid: like.kid } : {}) })
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(new TextEncoder().encode(publicSpki));
  return register(token);
}

/** The claims and key id of a valid token, to imitate it. */
export function shapeOf(token: string): { claims: JWTPayload; kid: string | undefined } {
  const { iat: _iat, exp: _exp, nbf: _nbf, ...claims } = decodeJwt(token);
  return { claims, kid: decodeProtectedHeader(token).kid };
}

/** The public key (SPKI PEM) a JWKS publishes for `kid` (or its first signing key), fetched with undici. */
export async function publishedPublicKey(jwksUrl: string, kid: string | undefined, timeoutMs: number): Promise<string> {
  const unreadable = (why: string) =>
    new E2eError('E2E_TOKEN_UNAVAILABLE', `the target's public key could not be read from ${jwksUrl} (${why})`);
  let status: number;
  let body: { keys?: JWK[] };
  try {
    const res = await request(jwksUrl, {
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = res.statusCode;
    body = (await res.body.json()) as { keys?: JWK[] };
  } catch (error) {
    throw unreadable((error as Error).message);
  }
  if (status !== 200 || !Array.isArray(body.keys)) throw unreadable(`HTTP ${status} without a keys array`);
  const keys = body.keys;
  const jwk =
    keys.find((k) => kid !== undefined && k.kid === kid) ?? keys.find((k) => k.kty === 'EC' || k.kty === 'RSA');
  if (!jwk) throw new E2eError('E2E_TOKEN_UNAVAILABLE', `${jwksUrl} publishes no EC or RSA key`);
  const alg = jwk.alg ?? (jwk.kty === 'EC' ? 'ES256' : 'RS256');
  return exportSPKI((await importJWK({ ...jwk, alg }, alg, { extractable: true })) as CryptoKey);
}

function register(token: string): string {
  redactor.register(token);
  return token;
}
