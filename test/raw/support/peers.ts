import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { WebSocketServer, type ServerOptions, type WebSocket } from 'ws';

/** Everything a test started, closed in afterEach. */
const open: { close(): Promise<void> }[] = [];

export async function closePeers(): Promise<void> {
  await Promise.all(open.splice(0).map((p) => p.close()));
}

export interface WsPeer {
  url: string;
  /** Raw header lines of every upgrade request, as sent. */
  requests: IncomingMessage[];
  sockets: WebSocket[];
}

/** A real `ws` server on a free loopback port; `greet` is sent on every connection. */
export async function wsPeer(
  options: Omit<ServerOptions, 'server' | 'port' | 'noServer'> = {},
  onConnection?: (ws: WebSocket) => void,
  greet?: string,
): Promise<WsPeer> {
  const server = createHttpServer();
  const wss = new WebSocketServer({ noServer: true, ...options });
  const peer: WsPeer = { url: '', requests: [], sockets: [] };
  server.on('upgrade', (req, socket, head) => {
    peer.requests.push(req);
    wss.handleUpgrade(req, socket, head, (ws) => {
      peer.sockets.push(ws);
      ws.on('error', () => {}); // protocol errors are what these peers are for; ws reports them here
      if (greet) ws.send(greet);
      onConnection?.(ws);
    });
  });
  peer.url = `ws://127.0.0.1:${await listen(server)}/ws`;
  open.push({ close: () => closeHttp(server, peer.sockets) });
  return peer;
}

/** A plain TCP server that answers each connection with `answer(socket, request)`, for answers no real server gives. */
export async function tcpPeer(answer: (socket: Socket, request: string) => void): Promise<string> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    let request = '';
    socket.on('data', (d) => {
      request += d.toString('latin1');
      if (request.includes('\r\n\r\n')) answer(socket, request);
    });
  });
  const port = await listen(server);
  open.push({ close: () => new Promise((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))) });
  return `ws://127.0.0.1:${port}/ws`;
}

/** A plain HTTP server (no upgrade handling unless given). */
export async function httpPeer(
  handle: Parameters<typeof createHttpServer>[1],
  onUpgrade?: (req: IncomingMessage, socket: Socket) => void,
): Promise<string> {
  const server = createHttpServer(handle);
  if (onUpgrade) server.on('upgrade', (req, socket) => onUpgrade(req, socket as Socket));
  const port = await listen(server);
  open.push({ close: () => closeHttp(server, []) });
  return `http://127.0.0.1:${port}`;
}

/** A loopback port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createTcpServer();
  const port = await listen(server);
  await new Promise((r) => server.close(r));
  return port;
}

function listen(server: Server | TcpServer): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function closeHttp(server: Server, sockets: WebSocket[]): Promise<void> {
  for (const ws of sockets) ws.terminate();
  server.closeAllConnections();
  return new Promise((r) => server.close(() => r()));
}
