import type { WebSocket } from 'ws';

export interface HeartbeatOptions {
  readonly pingIntervalMs: number;
  /** A client silent (no pong) this long is given up on. */
  readonly idleLimitMs: number;
  readonly onIdle: () => void;
  /** Called after each ping sent, so activity trackers see it. */
  readonly onPing?: () => void;
}

/** Server pings; any pong resets the idle deadline. Returns a stop function. */
export function startHeartbeat(ws: WebSocket, options: HeartbeatOptions): () => void {
  const ping = setInterval(() => {
    ws.ping();
    options.onPing?.();
  }, options.pingIntervalMs);
  const idle = setTimeout(options.onIdle, options.idleLimitMs);
  const onPong = (): void => {
    idle.refresh();
  };
  ws.on('pong', onPong);
  return () => {
    clearInterval(ping);
    clearTimeout(idle);
    ws.off('pong', onPong);
  };
}
