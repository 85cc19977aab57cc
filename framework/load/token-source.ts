import type { JWK } from 'jose';
import { decodeJwt } from 'jose';
import { TokenFactory } from '../auth/token-factory.ts';
import type { AuthMode } from '../config/config.ts';
import type { Contract } from '../contract/types.ts';
import { redactor } from '../report/redactor.ts';

/**
 * Where load users' tokens come from, in a form that can be handed to a worker process:
 * minted per user with a key the target trusts, or a fixed list (logins) shared round-robin.
 */
export type TokenSpec =
  | { kind: 'mint'; signingKey: JWK; issuer: string; audience: string; userPrefix: string }
  | { kind: 'fixed'; tokens: string[] };

export interface LoadIdentity {
  userId: string;
  token: string;
}

/**
 * Tokens for the given user indices, all obtained before the first connection: minting (or
 * registering secrets with the redactor) during the run would cost time inside the measurement.
 */
export async function identitiesFor(
  spec: TokenSpec,
  indices: readonly number[],
  contract: Contract,
  auth: AuthMode,
): Promise<Map<number, LoadIdentity>> {
  const out = new Map<number, LoadIdentity>();
  if (spec.kind === 'fixed') {
    if (spec.tokens.length === 0) return out;
    indices.forEach((i) => {
      const token = spec.tokens[i % spec.tokens.length]!;
      out.set(i, { token, userId: String(decodeJwt(token).sub ?? `account_${i % spec.tokens.length}`) });
    });
  } else {
    const factory = await TokenFactory.create({
      signingKey: spec.signingKey,
      issuer: spec.issuer,
      audience: spec.audience,
    });
    for (const i of indices) {
      const userId = `${spec.userPrefix}${i}`;
      out.set(i, { userId, token: await factory.valid({ id: userId }) });
    }
  }
  for (const { token } of out.values()) {
    redactor.register(token);
    if (auth === 'subprotocol') redactor.register(contract.tokenSubprotocol(token));
  }
  return out;
}
