import type { WebSocket } from 'ws';

export interface HeartbeatOptions {
  readonly pingIntervalMs: number;
  /** A client silent (no pong) this long is given up on. */
  readonly idleLimitMs: number;
  readonly onIdle: () => void;
  /** Called after each ping sent, so activity trackers see it. */
  readonly onPing?: () => void;
}

/**
 * Server pings; any pong resets the idle deadline. Returns a stop function.
 *
 * The deadline is judged after the sockets are read, not when its timer fires. Node runs expired
 * timers before it reads sockets: a server whose loop was held up past the deadline (a busy
 * machine) would otherwise give up on a client whose pong is already in its receive buffer.
 */
export function startHeartbeat(ws: WebSocket, options: HeartbeatOptions): () => void {
  const ping = setInterval(() => {
    ws.ping();
    options.onPing?.();
  }, options.pingIntervalMs);
  let pongs = 0;
  let check: NodeJS.Immediate | undefined;
  const idle = setTimeout(() => {
    const seen = pongs;
    // The check phase comes after the poll phase that reads what has arrived.
    check = setImmediate(() => {
      if (pongs === seen) options.onIdle();
    });
  }, options.idleLimitMs);
  const onPong = (): void => {
    pongs += 1;
    idle.refresh();
  };
  ws.on('pong', onPong);
  return () => {
    clearInterval(ping);
    clearTimeout(idle);
    if (check) clearImmediate(check);
    ws.off('pong', onPong);
  };
}
