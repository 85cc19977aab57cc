import type { IncomingMessage } from 'node:http';
import type { ActiveDialects } from '../../dialects/dialect-registry.ts';
import type { ActiveFaults } from '../../faults/fault-registry.ts';
import type { Refusal } from './refuse-upgrade.ts';
import { extractToken, type TokenSource } from './token-sources.ts';
import type { TokenVerifier, VerifiedIdentity } from './token-verifier.ts';

export interface UpgradeAuthOptions {
  readonly verify: TokenVerifier;
  readonly queryToken: boolean;
  readonly testMode: boolean;
  readonly bypassHeader: string;
  readonly faults: ActiveFaults;
  readonly dialects: ActiveDialects;
}

export type AuthMethod = TokenSource | 'bypass';

export type UpgradeAuthResult =
  | { readonly ok: true; readonly identity: VerifiedIdentity; readonly method: AuthMethod }
  | { readonly ok: false; readonly refusal: Refusal };

const CHALLENGE = { 'WWW-Authenticate': 'Bearer error="invalid_token"' };

/** Decides who is connecting, before the upgrade (or on a plain GET /ws); a refusal is an HTTP 401 (or 503). */
export async function authenticateUpgrade(
  req: IncomingMessage,
  options: UpgradeAuthOptions,
): Promise<UpgradeAuthResult> {
  const found = extractToken(req, {
    queryToken: options.queryToken,
    ignoreAuthHeader: options.faults.ignore_auth_header === true,
    caseSensitiveScheme: options.faults.case_sensitive_bearer === true,
    rawJwtSubprotocol: options.dialects.has('raw_jwt_subprotocol'),
  });
  if (found.kind === 'malformed') return unauthorized('invalid_token', found.detail);
  if (found.kind === 'none') {
    const bypassUser = bypassIdentity(req, options);
    if (bypassUser)
      return { ok: true, identity: { userId: bypassUser, email: undefined, exp: undefined }, method: 'bypass' };
    if (options.faults.accept_no_token)
      return { ok: true, identity: { userId: 'anonymous', email: undefined, exp: undefined }, method: 'bypass' };
    return unauthorized('missing_token', 'no token in the Authorization header, a jwt.* subprotocol or the query');
  }
  const result = await options.verify(found.token);
  if (result.ok) return { ok: true, identity: result.identity, method: found.source };
  if (result.reason === 'auth_unavailable') {
    return {
      ok: false,
      refusal: {
        status: 503,
        body: { error: 'auth_unavailable', detail: result.detail },
        headers: { 'Retry-After': '1' },
      },
    };
  }
  return unauthorized('invalid_token', result.detail);
}

// Only in test mode (or under the bypass_outside_test_mode fault) does the header mean anything.
function bypassIdentity(req: IncomingMessage, options: UpgradeAuthOptions): string | undefined {
  if (!options.testMode && !options.faults.bypass_outside_test_mode) return undefined;
  const value = req.headers[options.bypassHeader];
  const userId = Array.isArray(value) ? value[0] : value;
  return userId && /^[\w.@-]{1,128}$/.test(userId) ? userId : undefined;
}

function unauthorized(error: 'missing_token' | 'invalid_token', detail: string): UpgradeAuthResult {
  return { ok: false, refusal: { status: 401, body: { error, detail }, headers: CHALLENGE } };
}
