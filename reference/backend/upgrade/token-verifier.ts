import { decodeProtectedHeader, errors, jwtVerify, UnsecuredJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { ActiveFaults } from '../../faults/fault-registry.ts';
import { isFetchFailure } from './jwks-key-source.ts';

export interface VerifiedIdentity {
  readonly userId: string;
  readonly email: string | undefined;
  /** Seconds since the epoch; undefined for bypass identities. */
  readonly exp: number | undefined;
}

export type VerifyResult =
  | { readonly ok: true; readonly identity: VerifiedIdentity }
  | { readonly ok: false; readonly reason: 'invalid_token' | 'auth_unavailable'; readonly detail: string };

export interface TokenVerifierOptions {
  readonly getKey: JWTVerifyGetKey;
  readonly issuer: string;
  readonly audience: string;
  readonly faults: ActiveFaults;
}

export type TokenVerifier = (token: string) => Promise<VerifyResult>;

// accept_expired: jose cannot switch time checks off, so allow a century of clock skew.
const CENTURY_S = 100 * 365 * 86_400;

/** Verifies an ES256 access token with jose; the failure detail never contains the token. */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const { faults } = options;
  const claimOptions = {
    issuer: options.issuer,
    audience: faults.accept_any_audience ? undefined : options.audience,
    requiredClaims: ['sub', 'exp'],
    clockTolerance: faults.accept_expired ? CENTURY_S : 5,
  };
  return async (token) => {
    try {
      const payload =
        faults.accept_alg_none && headerAlg(token) === 'none'
          ? UnsecuredJWT.decode(token, claimOptions).payload
          : (await jwtVerify(token, options.getKey, { ...claimOptions, algorithms: ['ES256'] })).payload;
      return identityOf(payload);
    } catch (error) {
      if (isFetchFailure(error)) return { ok: false, reason: 'auth_unavailable', detail: 'signing keys unavailable' };
      return { ok: false, reason: 'invalid_token', detail: describeFailure(error) };
    }
  };
}

function headerAlg(token: string): unknown {
  try {
    return decodeProtectedHeader(token).alg;
  } catch {
    return undefined;
  }
}

function identityOf(payload: JWTPayload): VerifyResult {
  if (typeof payload.sub !== 'string' || payload.sub === '') {
    return { ok: false, reason: 'invalid_token', detail: 'malformed: sub must be a non-empty string' };
  }
  const email = typeof payload['email'] === 'string' ? payload['email'] : undefined;
  return { ok: true, identity: { userId: payload.sub, email, exp: payload.exp } };
}

function describeFailure(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'not yet valid';
    if (error.claim === 'iss') return 'wrong issuer';
    if (error.claim === 'aud') return 'wrong audience';
    return `malformed: ${error.claim} claim ${error.reason}`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof errors.JWKSNoMatchingKey) return 'bad signature: no published key matches the token';
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) return 'unsupported alg';
  return 'malformed';
}
