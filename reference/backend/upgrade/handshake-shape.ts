import type { IncomingMessage } from 'node:http';
import type { Refusal } from './refuse-upgrade.ts';

// 16 random bytes in base64 are always 22 characters and "==" (RFC 6455 §4.1).
const KEY_PATTERN = /^[+/0-9A-Za-z]{22}==$/;

/** Checks the RFC 6455 handshake shape, in the order a client can fix it; undefined when fine. */
export function checkHandshakeShape(req: IncomingMessage): Refusal | undefined {
  if (req.method !== 'GET') {
    return {
      status: 405,
      body: { error: 'method_not_allowed', detail: 'a WebSocket handshake must be GET' },
      headers: { Allow: 'GET' },
    };
  }
  if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
    return { status: 400, body: { error: 'bad_handshake', detail: 'expected the header Upgrade: websocket' } };
  }
  const key = req.headers['sec-websocket-key'];
  if (key === undefined || !KEY_PATTERN.test(key)) {
    return { status: 400, body: { error: 'bad_handshake', detail: 'Sec-WebSocket-Key must be base64 of 16 bytes' } };
  }
  if (req.headers['sec-websocket-version'] !== '13') {
    return {
      status: 426,
      body: { error: 'unsupported_version', detail: 'Sec-WebSocket-Version must be 13' },
      headers: { 'Sec-WebSocket-Version': '13' },
    };
  }
  return undefined;
}
