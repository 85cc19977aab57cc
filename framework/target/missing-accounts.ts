import { ConfigError } from '../errors.ts';
import type { ResolvedTarget } from './resolved-target.ts';

/**
 * Why the harness could not get a single token from `target`, as a ConfigError, or undefined when
 * it can (a signing key the target trusts, or accounts and an auth service to log in with).
 * Without one every test that connects would fail "needs test account": a setting, not a verdict.
 */
export function missingAccounts(target: ResolvedTarget): ConfigError | undefined {
  if (target.signingKey) return undefined;
  if (target.users.length === 0) {
    return new ConfigError(
      'E2E_CONFIG_MISSING',
      'E2E_USERS',
      `the ${target.kind} target needs test accounts (E2E_USERS=email:password,...) or a key it trusts to mint tokens (E2E_SIGNING_KEY); neither is set`,
    );
  }
  if (!target.authUrl) {
    return new ConfigError(
      'E2E_CONFIG_MISSING',
      'E2E_AUTH_URL',
      `required to log in as the accounts in E2E_USERS (or set E2E_SIGNING_KEY to mint tokens instead)`,
    );
  }
  return undefined;
}
