import type { Logger } from '../../log/json-logger.ts';

// setTimeout cannot wait longer than this; longer waits are re-armed.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Calls onExpired at the token's exp (seconds since epoch). Returns a stop function. */
export function watchTokenExpiry(
  exp: number | undefined,
  onExpired: () => void,
  log: Logger,
  connectionId: string,
): () => void {
  if (exp === undefined) return () => {};
  const remaining = (): number => exp * 1000 - Date.now();
  if (remaining() <= 0) {
    // Only reachable when a fault let an expired token in: the connection stays, as that bug would.
    log.warn('connected with an already expired token', { connection_id: connectionId });
    return () => {};
  }
  let timer: NodeJS.Timeout;
  const arm = (): void => {
    const ms = remaining();
    timer = ms > MAX_TIMER_MS ? setTimeout(arm, MAX_TIMER_MS) : setTimeout(onExpired, Math.max(0, ms));
  };
  arm();
  return () => clearTimeout(timer);
}
