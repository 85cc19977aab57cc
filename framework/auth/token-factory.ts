import { randomUUID } from 'node:crypto';
import {
  SignJWT,
  UnsecuredJWT,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import { redactor } from '../report/redactor.ts';
import { hs256WithPublicKey, tamperedFrom, truncatedFrom } from './derived-tokens.ts';

export interface TokenSubject {
  /** `sub` claim: the user id. */
  id: string;
  email?: string;
}

export interface TokenFactoryOptions {
  /** Private JWK (ES256 or RS256) that the target trusts. */
  signingKey: JWK;
  issuer: string;
  audience: string;
  /** Milliseconds since the epoch; pass a fixed clock in tests. */
  clock?: () => number;
  ttlSeconds?: number;
}

/** The invalid tokens every auth check runs through. */
export const NEGATIVE_TOKEN_KINDS = [
  'expired',
  'not_yet_valid',
  'wrong_key',
  'wrong_issuer',
  'wrong_audience',
  'hs256_public_key',
  'alg_none',
  'tampered',
  'garbage',
  'truncated',
] as const;
export type NegativeTokenKind = (typeof NEGATIVE_TOKEN_KINDS)[number];

/** Mints real JWTs with jose: valid ones for any user, and each kind of invalid one. */
export class TokenFactory {
  readonly #key: CryptoKey;
  readonly #publicSpki: string;
  readonly #alg: string;
  readonly #kid: string | undefined;
  readonly #o: Required<Omit<TokenFactoryOptions, 'signingKey'>>;

  private constructor(
    key: CryptoKey,
    publicSpki: string,
    alg: string,
    kid: string | undefined,
    o: TokenFactoryOptions,
  ) {
    this.#key = key;
    this.#publicSpki = publicSpki;
    this.#alg = alg;
    this.#kid = kid;
    this.#o = { clock: o.clock ?? Date.now, ttlSeconds: o.ttlSeconds ?? 3600, issuer: o.issuer, audience: o.audience };
  }

  static async create(options: TokenFactoryOptions): Promise<TokenFactory> {
    const alg = options.signingKey.alg ?? (options.signingKey.kty === 'EC' ? 'ES256' : 'RS256');
    const key = (await importJWK(options.signingKey, alg)) as CryptoKey;
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = options.signingKey;
    const publicKey = (await importJWK({ ...publicJwk, alg }, alg, { extractable: true })) as CryptoKey;
    return new TokenFactory(key, await exportSPKI(publicKey), alg, options.signingKey.kid, options);
  }

  /** A fresh ES256 key pair as JWKs, for a target the harness starts itself. */
  static async generateKey(
    kid = `golden-path-${randomUUID().slice(0, 8)}`,
  ): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' };
    redactor.register(privateJwk.d);
    return { privateJwk, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
  }

  /** A valid token for `subject`, issued now by the factory's clock. */
  async valid(subject: TokenSubject, overrides: { ttlSeconds?: number; claims?: JWTPayload } = {}): Promise<string> {
    const now = this.#nowSeconds();
    return this.#sign(this.#claims(subject, overrides.claims), now, now + (overrides.ttlSeconds ?? this.#o.ttlSeconds));
  }

  /** One invalid token of the given kind for `subject`. */
  async negative(kind: NegativeTokenKind, subject: TokenSubject): Promise<string> {
    const now = this.#nowSeconds();
    const claims = this.#claims(subject);
    switch (kind) {
      case 'expired':
        return this.#sign(claims, now - 7200, now - 3600);
      case 'not_yet_valid':
        return this.#sign({ ...claims, nbf: now + 3600 }, now, now + 7200);
      case 'wrong_key': {
        const { privateJwk } = await TokenFactory.generateKey(this.#kid);
        return this.#register(
          await new SignJWT(claims)
            .setProtectedHeader({ alg: 'ES256', ...(this.#kid ? { kid: this.#kid } : {}) })
            .setIssuedAt(now)
            .setExpirationTime(now + 3600)
            .sign(await importJWK(privateJwk, 'ES256')),
        );
      }
      case 'wrong_issuer':
        return this.#sign({ ...claims, iss: 'https://attacker.example' }, now, now + 3600);
      case 'wrong_audience':
        return this.#sign({ ...claims, aud: 'some-other-service' }, now, now + 3600);
      case 'hs256_public_key':
        return hs256WithPublicKey(this.#publicSpki, { claims, kid: this.#kid }, now);
      case 'alg_none':
        return this.#register(
          new UnsecuredJWT(claims)
            .setIssuedAt(now)
            .setExpirationTime(now + 3600)
            .encode(),
        );
      case 'tampered':
        return tamperedFrom(await this.valid(subject));
      case 'garbage':
        return 'not-a-jwt-at-all';
      case 'truncated':
        return truncatedFrom(await this.valid(subject));
    }
  }

  #claims(subject: TokenSubject, extra: JWTPayload = {}): JWTPayload {
    return {
      sub: subject.id,
      email: subject.email ?? `${subject.id}@example.com`,
      iss: this.#o.issuer,
      aud: this.#o.audience,
      jti: randomUUID(),
      ...extra,
    };
  }

  async #sign(claims: JWTPayload, iat: number, exp: number): Promise<string> {
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: this.#alg, typ: 'JWT', ...(this.#kid ? { kid: this.#kid } : {}) })
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.#key);
    return this.#register(token);
  }

  #register(token: string): string {
    redactor.register(token);
    return token;
  }

  #nowSeconds(): number {
    return Math.floor(this.#o.clock() / 1000);
  }
}
