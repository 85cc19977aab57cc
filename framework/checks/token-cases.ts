import { decodeJwt } from 'jose';
import { NEGATIVE_TOKEN_KINDS, TokenFactory, type NegativeTokenKind } from '../auth/token-factory.ts';
import type { TestAuth } from '../auth/test-auth.ts';
import { E2eError } from '../errors.ts';
import {
  hs256WithPublicKey,
  publishedPublicKey,
  shapeOf,
  tamperedFrom,
  truncatedFrom,
} from '../auth/derived-tokens.ts';

/** Every token an auth check presents: a valid one, none at all, and each kind of invalid one. */
export const TOKEN_CASES = ['valid', 'missing', ...NEGATIVE_TOKEN_KINDS] as const;
export type TokenCase = (typeof TOKEN_CASES)[number];

/** How a finding names each case. */
export const TOKEN_CASE_LABEL: Record<TokenCase, string> = {
  valid: 'a valid token',
  missing: 'no token',
  expired: 'an expired token',
  not_yet_valid: 'a not-yet-valid token (nbf in the future)',
  wrong_key: 'a token signed with a key the target does not publish',
  wrong_issuer: 'a token from the wrong issuer',
  wrong_audience: 'a token for another audience',
  hs256_public_key: 'an HS256 token keyed with the public key (algorithm confusion)',
  alg_none: 'an unsigned alg:none token',
  tampered: 'a token whose payload was altered after signing',
  garbage: 'a string that is not a JWT',
  truncated: 'a truncated token',
};

// Without the target's key: these need nothing from the target, and these are made from a login token
// (tampered, truncated) or from the public key the target publishes (algorithm confusion).
const KEYLESS = new Set<TokenCase>(['garbage', 'alg_none', 'wrong_key']);
const FROM_LOGIN = new Set<TokenCase>(['tampered', 'truncated', 'hs256_public_key']);
let throwaway: Promise<TokenFactory> | undefined;

export type TokenForCase = { token: string | undefined; subject: string | undefined } | { notApplicable: string };

/** The token for one case, or why this target cannot have one (no signing key, no login). */
export async function tokenForCase(
  kind: TokenCase,
  deps: { auth: TestAuth; issuer: string; audience: string; timeoutMs?: number },
): Promise<TokenForCase> {
  if (kind === 'missing') return { token: undefined, subject: undefined };
  const subject = deps.auth.subject(0);
  if (kind === 'valid') {
    return unavailableAsNa(async () => {
      const token = await deps.auth.token(0);
      return { token, subject: subjectOf(token) };
    }, 'no valid token: ');
  }
  if (deps.auth.tokens) return { token: await deps.auth.tokens.negative(kind, subject), subject: undefined };
  if (FROM_LOGIN.has(kind))
    return unavailableAsNa(
      () => derivedFromLogin(kind, deps),
      `${TOKEN_CASE_LABEL[kind]} is made from a login token: `,
    );
  if (!KEYLESS.has(kind)) {
    return {
      notApplicable: `${TOKEN_CASE_LABEL[kind]} must be signed with the target's key, and the harness has none (set E2E_SIGNING_KEY)`,
    };
  }
  throwaway ??= TokenFactory.generateKey().then(({ privateJwk }) =>
    TokenFactory.create({ signingKey: privateJwk, issuer: deps.issuer, audience: deps.audience }),
  );
  return { token: await (await throwaway).negative(kind as NegativeTokenKind, subject), subject: undefined };
}

async function derivedFromLogin(kind: TokenCase, deps: { auth: TestAuth; timeoutMs?: number }): Promise<TokenForCase> {
  const valid = await deps.auth.token(0);
  if (kind === 'tampered') return { token: tamperedFrom(valid), subject: undefined };
  if (kind === 'truncated') return { token: truncatedFrom(valid), subject: undefined };
  const jwksUrl = deps.auth.jwksUrl;
  if (!jwksUrl)
    throw new E2eError(
      'E2E_TOKEN_UNAVAILABLE',
      'the target publishes no public key the harness knows of (set E2E_JWKS_URL or E2E_AUTH_URL)',
    );
  const like = shapeOf(valid);
  return {
    token: await hs256WithPublicKey(await publishedPublicKey(jwksUrl, like.kid, deps.timeoutMs ?? 5_000), like),
    subject: undefined,
  };
}

async function unavailableAsNa(make: () => Promise<TokenForCase>, prefix: string): Promise<TokenForCase> {
  try {
    return await make();
  } catch (error) {
    if (error instanceof E2eError && error.code === 'E2E_TOKEN_UNAVAILABLE')
      return { notApplicable: `${prefix}${error.message}` };
    throw error;
  }
}

function subjectOf(token: string): string | undefined {
  try {
    const sub = decodeJwt(token).sub;
    return typeof sub === 'string' ? sub : undefined;
  } catch {
    return undefined; // an opaque token: the user id cannot be checked
  }
}
