import type { AuthMode } from '../config/config.ts';
import { E2eError } from '../errors.ts';

export type BlockerId = 'authorization_header' | 'subprotocol_header' | 'subprotocol_token' | 'query_token';

/**
 * One cause, found by the preflight, that makes a whole class of checks fail whatever the backend
 * does: a header that does not arrive, a token encoding the backend does not read. The checks it
 * explains report "blocked by" it instead of failing one by one.
 */
export interface Blocker {
  id: BlockerId;
  /** One line: what does not arrive, the evidence, and what still works or what to set. */
  diagnosis: string;
  /** Auth transports whose tokens cannot reach the backend. */
  transports: AuthMode[];
  /** Offering the contract's subprotocol cannot succeed (the header never reaches the backend). */
  chatSubprotocol: boolean;
}

/** How a connection or check intends to reach the backend. */
export interface Route {
  /** Where the token travels; undefined when no token is sent (a refusal is then a real answer). */
  transport: AuthMode | undefined;
  /** Whether the contract's subprotocol is offered. */
  offersChat: boolean;
}

/** The blocker that explains why `route` cannot work here, if any. */
export function blockerOf(blockers: readonly Blocker[], route: Route): Blocker | undefined {
  if (route.transport === undefined) return undefined;
  return blockers.find((b) => b.transports.includes(route.transport!) || (b.chatSubprotocol && route.offersChat));
}

/** Throws a BlockedError, after telling `onBlocked`, when a cause in `blockers` explains why `route` cannot work. */
export function throwIfBlocked(
  blockers: readonly Blocker[] | undefined,
  route: Route,
  onBlocked?: (blocker: Blocker) => void,
): void {
  const blocker = blockerOf(blockers ?? [], route);
  if (!blocker) return;
  onBlocked?.(blocker);
  throw new BlockedError(blocker);
}

/** A check that cannot be exercised on this target because of a cause the preflight already named. */
export class BlockedError extends E2eError {
  readonly blocker: Blocker;

  constructor(blocker: Blocker) {
    super('E2E_BLOCKED', `blocked by ${blocker.id}: ${blocker.diagnosis}`);
    this.name = 'BlockedError';
    this.blocker = blocker;
  }
}
