// A tiny upstream for the proxy's tests: it records what reached it and echoes WebSocket frames.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface Seen {
  readonly method: string;
  readonly url: string;
  readonly upgrade: boolean;
  /** Lower-cased header names → values, as the upstream received them. */
  readonly headers: IncomingMessage['headers'];
}

export interface ProxyUpstream {
  readonly url: string;
  /** Every request, plain or upgrade, in arrival order. */
  readonly seen: Seen[];
  /** The server side of every WebSocket, in connection order. */
  readonly sockets: WebSocket[];
  /** Bytes that reached /raw after its hand-written 101. */
  readonly raw: { received: () => Buffer; send: (bytes: Buffer) => void; socket: () => Socket | undefined };
  close(): Promise<void>;
}

/**
 * Plain HTTP: 200 with `x-upstream: yes` and the request echoed as JSON; GET /ws without an upgrade
 * is a 400. WebSocket /ws: frames echoed as they came (text as text, binary as binary);
 * `agent_chat` selected when offered. /raw: a 101 written by hand, then bytes recorded as they come.
 */
export async function startProxyUpstream(): Promise<ProxyUpstream> {
  const seen: Seen[] = [];
  const sockets: WebSocket[] = [];
  const rawChunks: Buffer[] = [];
  let rawSocket: Socket | undefined;
  const record = (req: IncomingMessage, upgrade: boolean): void =>
    void seen.push({ method: req.method!, url: req.url!, upgrade, headers: req.headers });
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => (offered.has('agent_chat') ? 'agent_chat' : false),
  });
  wss.on('connection', (ws) => {
    sockets.push(ws);
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  });
  const server = createServer((req, res) => {
    record(req, false);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const status = req.url === '/ws' ? 400 : 200;
      const body = JSON.stringify({ method: req.method, url: req.url, body: Buffer.concat(chunks).toString() });
      res.writeHead(status, { 'content-type': 'application/json', 'x-upstream': 'yes' }).end(body);
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    record(req, true);
    if (req.url !== '/raw') return wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    rawSocket = socket;
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    if (head.length > 0) rawChunks.push(head);
    socket.on('data', (chunk: Buffer) => rawChunks.push(chunk));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    sockets,
    raw: {
      received: () => Buffer.concat(rawChunks),
      send: (bytes) => void rawSocket?.write(bytes),
      socket: () => rawSocket,
    },
    close: async () => {
      for (const ws of sockets) ws.terminate();
      rawSocket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
