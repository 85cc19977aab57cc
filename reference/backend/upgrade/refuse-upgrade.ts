import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** An HTTP answer to an upgrade request that will not be upgraded. */
export interface Refusal {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Writes a real HTTP response on the raw socket (there is no ServerResponse on 'upgrade'),
 * then closes it once flushed so the client can read the status and the JSON body.
 */
export function refuseUpgrade(socket: Duplex, refusal: Refusal): void {
  if (socket.destroyed) return;
  const payload = JSON.stringify(refusal.body);
  const lines = [
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(payload)}`,
    'Connection: close',
    ...Object.entries(refusal.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.once('finish', () => socket.destroy());
  socket.end(`${lines.join('\r\n')}\r\n\r\n${payload}`);
}
