import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A port that nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** A plain HTTP server (no WebSocket): it answers every request, an upgrade included, with `handler`. */
export async function plainServer(
  handler: RequestListener,
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, server, close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

/** Health endpoints that look fine, and a /ws that answers like a proxy that dropped the Upgrade header. */
export const healthyButNoUpgrade: RequestListener = (req, res) => {
  const json = (status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (req.url === '/health') return json(200, { status: 'ok', service: 'backend', version: '0.1.0', commit: 'abc123' });
  if (req.url === '/health/websocket') return json(200, { status: 'healthy', connections: 0 });
  res.writeHead(200, { 'content-type': 'text/html' }).end('<html>welcome</html>');
};
