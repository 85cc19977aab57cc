import type { E2eConfig } from '../config/config.ts';
import { E2eError } from '../errors.ts';
import type { ResolvedTarget } from '../target/resolved-target.ts';
import { login } from './login.ts';
import type { TokenFactory, TokenSubject } from './token-factory.ts';

const NAMES = ['alice', 'bob', 'carol'];

/** Tokens for test users: minted when the harness holds a key the target trusts, else by logging in. */
export class TestAuth {
  readonly #target: ResolvedTarget;
  readonly #config: E2eConfig;
  readonly tokens: TokenFactory | undefined;

  constructor(target: ResolvedTarget, config: E2eConfig, tokens: TokenFactory | undefined) {
    this.#target = target;
    this.#config = config;
    this.tokens = tokens;
  }

  /** Number of accounts that can log in. */
  get accounts(): number {
    return this.#target.users.length;
  }

  /**
   * Who user `i` is, and so what names its connections in reports. Without a signing key, the
   * E2E_USERS account the harness logs in as: its email stands for it, since the `sub` the auth
   * service issues is the service's to choose. With a key (or with no such account), the subject
   * the harness mints for (0 → `user_alice`, 1 → `user_bob`, …).
   */
  subject(user: number | string): TokenSubject {
    if (typeof user === 'string') return { id: user };
    const account = this.tokens ? undefined : this.#target.users[user];
    if (account) return { id: account.email, email: account.email };
    const name = NAMES[user] ?? `u${user}`;
    return { id: `user_${name}`, email: `${name}@example.com` };
  }

  /** Where the target publishes its public keys: E2E_JWKS_URL, else the auth service's well-known path. */
  get jwksUrl(): string | undefined {
    return this.#config.jwksUrl ?? (this.#target.authUrl ? `${this.#target.authUrl}/.well-known/jwks.json` : undefined);
  }

  /** Logs in as account `i` through the auth service (real HTTP). */
  async login(i = 0): Promise<string> {
    const creds = this.#target.users[i];
    if (!this.#target.authUrl)
      throw new E2eError('E2E_TOKEN_UNAVAILABLE', 'login: the target has no auth service URL (E2E_AUTH_URL)');
    if (!creds) {
      throw new E2eError(
        'E2E_TOKEN_UNAVAILABLE',
        `login: needs test account #${i + 1} but ${this.accounts} configured (set E2E_USERS=email:password,...)`,
      );
    }
    return (await login(this.#target.authUrl, creds, { timeoutMs: this.#config.timeouts.handshakeMs })).token;
  }

  /**
   * A token the way a user gets one: a login through the auth service when the target has one and
   * account `i` exists, else minted with the signing key (a target without an auth service).
   */
  async userToken(i = 0): Promise<string> {
    return this.#target.authUrl && this.#target.users[i] ? this.login(i) : this.token(i);
  }

  /** A valid token for `user`: minted when possible, otherwise a login as account `user`. */
  async token(user: number | string = 0): Promise<string> {
    if (this.tokens) return this.tokens.valid(this.subject(user));
    if (typeof user === 'string')
      throw new E2eError('E2E_TOKEN_UNAVAILABLE', `token: cannot mint a token for ${user} without E2E_SIGNING_KEY`);
    return this.login(user);
  }
}
