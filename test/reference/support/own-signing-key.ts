import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

export interface OwnSigningKey {
  /** Pass as REF_SIGNING_KEY so the stack trusts tokens this test mints. */
  readonly env: string;
  mint(claims?: { exp?: number; nbf?: number; iss?: string; aud?: string; sub?: string }): Promise<string>;
}

/** A key pair the test owns, to mint tokens the stack's auth service would never issue. */
export async function ownSigningKey(kid = 'test-key'): Promise<OwnSigningKey> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const env = JSON.stringify({ ...(await exportJWK(privateKey)), kid });
  return {
    env,
    mint: (claims = {}) => mintWith(privateKey, kid, claims),
  };
}

async function mintWith(
  key: CryptoKey,
  kid: string,
  claims: { exp?: number; nbf?: number; iss?: string; aud?: string; sub?: string },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ email: 'alice@example.com' })
    .setProtectedHeader({ alg: 'ES256', kid })
    .setSubject(claims.sub ?? 'user_alice')
    .setIssuer(claims.iss ?? 'golden-path-reference-auth')
    .setAudience(claims.aud ?? 'golden-path-chat')
    .setIssuedAt(now - 60)
    .setExpirationTime(claims.exp ?? now + 600);
  if (claims.nbf !== undefined) jwt.setNotBefore(claims.nbf);
  return jwt.sign(key);
}

/** An unsigned `alg: none` token with otherwise valid claims. */
export function unsignedToken(sub = 'user_alice'): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub, iss: 'golden-path-reference-auth', aud: 'golden-path-chat', exp: now + 600 })}.`;
}
