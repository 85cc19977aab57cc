import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FrameReader } from '../../../framework/raw/frame-reader.ts';

/**
 * What a hostile target does after it upgrades a connection:
 * - `huge_frame`: the ready event, then one text frame of `hugeFrameBytes` (100 MiB by default),
 *   streamed from one small buffer so that the server itself stays small;
 * - `flood`: the ready event, then `floodPerSecond` frames a second until the client goes: after a
 *   user message they carry that message's run (`agent_started`, then `agent_thinking` forever);
 * - `garbage_after_101`: bytes that are not WebSocket frames (an HTTP error page), and silence.
 */
export type Hostility = 'huge_frame' | 'flood' | 'garbage_after_101';

export interface HostileOptions {
  hugeFrameBytes?: number;
  floodPerSecond?: number;
  /** Refuse an upgrade without an Authorization header (401), as a backend that authenticates first does. */
  authBeforeUpgrade?: boolean;
}

export interface HostileServer {
  backendUrl: string;
  wsUrl: string;
  /** Connections upgraded so far. */
  readonly upgrades: number;
  close(): Promise<void>;
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
// What a proxy might write after the 101: its first byte, 'H' (0x48), sets RSV1 with opcode 8.
export const GARBAGE = Buffer.from(
  'HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\n\r\n<html><body>upstream error</body></html>\r\n',
);

/** A server on a free loopback port with healthy /health endpoints and a hostile /ws. */
export async function startHostileServer(hostility: Hostility, options: HostileOptions = {}): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let upgrades = 0;
  const server = createServer(health);
  server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    if (options.authBeforeUpgrade && !req.headers.authorization)
      return void socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    upgrades += 1;
    socket.write(switchingProtocols(req));
    if (hostility === 'garbage_after_101') return void socket.write(GARBAGE);
    socket.write(
      textFrame(
        JSON.stringify({ type: 'connection_established', connection_id: `c${upgrades}`, user_id: 'user_alice' }),
      ),
    );
    if (hostility === 'huge_frame') return streamHugeFrame(socket, options.hugeFrameBytes ?? 100 * 1024 * 1024);
    flood(socket, options.floodPerSecond ?? 10_000, timers);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    backendUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    get upgrades() {
      return upgrades;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearInterval(t);
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function health(req: IncomingMessage, res: ServerResponse): void {
  const json = (body: unknown) =>
    void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (req.url === '/health') return json({ status: 'ok', service: 'backend', version: '0.1.0', commit: 'hostile' });
  if (req.url === '/health/websocket')
    return json({ status: 'healthy', connections: 0, subprotocols: ['agent_chat'], auth_modes: ['header'] });
  res.writeHead(404).end();
}

// A 101 for any request: the accept key is right and agent_chat is selected when offered.
function switchingProtocols(req: IncomingMessage): string {
  const accept = createHash('sha1')
    .update(`${String(req.headers['sec-websocket-key'])}${GUID}`)
    .digest('base64');
  const offered = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  const protocol = offered.includes('agent_chat') ? 'Sec-WebSocket-Protocol: agent_chat\r\n' : '';
  return `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n${protocol}\r\n`;
}

function frameHeader(length: number): Buffer {
  if (length < 126) return Buffer.from([0x81, length]);
  if (length < 65_536) return Buffer.from([0x81, 126, length >> 8, length & 0xff]);
  const header = Buffer.alloc(10);
  header[0] = 0x81;
  header[1] = 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}

function textFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  return Buffer.concat([frameHeader(payload.length), payload]);
}

// One JSON text frame of `bytes`, written a MiB at a time as the socket drains; stops when the client goes.
function streamHugeFrame(socket: Socket, bytes: number): void {
  const prefix = Buffer.from('{"type":"agent_thinking","text":"');
  const suffix = Buffer.from('"}');
  const chunk = Buffer.alloc(1024 * 1024, 0x78);
  let left = bytes - prefix.length - suffix.length;
  socket.write(Buffer.concat([frameHeader(bytes), prefix]));
  const pump = (): void => {
    while (left > 0 && !socket.destroyed) {
      const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
      left -= piece.length;
      if (left === 0) socket.write(Buffer.concat([piece, suffix]));
      else if (!socket.write(piece)) return void socket.once('drain', pump);
    }
  };
  pump();
}

// `perSecond` frames a second in batches every 10 ms, until the socket closes.
function flood(socket: Socket, perSecond: number, timers: Set<NodeJS.Timeout>): void {
  const reader = new FrameReader();
  let run = { id: 'run_flood', messageId: '' };
  let seq = 0;
  socket.on('data', (chunk: Buffer) => {
    let frames;
    try {
      frames = reader.push(chunk);
    } catch {
      return void socket.destroy();
    }
    for (const f of frames) {
      if (f.opcode === 0x8) return void socket.end(Buffer.from([0x88, 0x02, 0x03, 0xe8]));
      if (f.opcode !== 0x1) continue;
      const message = JSON.parse(f.payload.toString('utf8')) as { type?: string; id?: string };
      if (message.type !== 'user_message' || !message.id) continue;
      run = { id: `run_${message.id}`, messageId: message.id };
      seq = 0;
    }
  });
  const perBatch = Math.max(1, Math.round(perSecond / 100));
  const timer = setInterval(() => {
    if (socket.destroyed || socket.writableNeedDrain)
      return void (socket.destroyed && (clearInterval(timer), timers.delete(timer)));
    const frames: Buffer[] = [];
    for (let i = 0; i < perBatch; i += 1) {
      seq += 1;
      const type = seq === 1 && run.messageId ? 'agent_started' : 'agent_thinking';
      frames.push(
        textFrame(
          JSON.stringify({
            type,
            run_id: run.id,
            message_id: run.messageId,
            thread_id: 't1',
            seq,
            text: 'still thinking about it, one more moment please',
          }),
        ),
      );
    }
    socket.write(Buffer.concat(frames));
  }, 10);
  timers.add(timer);
  socket.on('close', () => (clearInterval(timer), timers.delete(timer)));
}
