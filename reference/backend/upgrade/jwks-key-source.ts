import { createLocalJWKSet, createRemoteJWKSet, errors, type JWTVerifyGetKey } from 'jose';

export interface JwksKeySource {
  readonly getKey: JWTVerifyGetKey;
  /** Fetches the keys now so the first handshake does not pay for it; never throws. */
  warm(): Promise<boolean>;
}

/**
 * jose's remote JWKS (with its own cache and cooldown), plus stale-if-error: when a refresh
 * fails because the auth service is briefly down, the last keys seen keep verifying tokens.
 */
export function createJwksKeySource(jwksUrl: URL): JwksKeySource {
  const remote = createRemoteJWKSet(jwksUrl, {
    timeoutDuration: 2_000,
    cooldownDuration: 30_000,
    cacheMaxAge: 600_000,
  });
  const getKey: JWTVerifyGetKey = async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      const stale = remote.jwks();
      if (stale && isFetchFailure(error)) return createLocalJWKSet(stale)(header, token);
      throw error;
    }
  };
  const warm = async (): Promise<boolean> => {
    try {
      await remote.reload();
      return true;
    } catch {
      return false;
    }
  };
  return { getKey, warm };
}

/** True when the keys could not be fetched, as opposed to the token being wrong. */
export function isFetchFailure(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return true;
  if (error instanceof errors.JOSEError) return error.code === 'ERR_JOSE_GENERIC';
  return error instanceof TypeError || (error instanceof Error && error.name === 'AbortError');
}
