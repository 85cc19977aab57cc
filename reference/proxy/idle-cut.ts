import type { Socket } from 'node:net';

/**
 * A proxy's idle timeout (nginx `proxy_read_timeout`, a load balancer's idle timeout): when no byte
 * has moved in either direction for `ms`, both sockets are destroyed. No close frame is sent; the
 * client sees the TCP connection end (close code 1006).
 */
export function cutWhenIdle(client: Socket, upstream: Socket, ms: number, onCut: () => void): void {
  const timer = setTimeout(() => {
    onCut();
    client.destroy();
    upstream.destroy();
  }, ms);
  // Bytes read from the client are client→server traffic; bytes read from the upstream, server→client.
  const touch = (): void => void timer.refresh();
  client.on('data', touch);
  upstream.on('data', touch);
  const stop = (): void => clearTimeout(timer);
  client.once('close', stop);
  upstream.once('close', stop);
}
