import { randomBytes } from 'node:crypto';

/** Header lines in order; names are written exactly as given (`AUTHORIZATION` stays upper case). */
export type HeaderLines = [name: string, value: string][];

/** Changes to the default handshake headers: a value replaces the header of that name, whatever its case; undefined removes it. */
export type HeaderChanges = Record<string, string | undefined> | [string, string | undefined][];

export interface RawRequest {
  method: string;
  /** Path and query, e.g. `/ws?token=...`. */
  target: string;
  headers: HeaderLines;
  /** The Sec-WebSocket-Key sent, to check the server's Sec-WebSocket-Accept against. */
  key: string | undefined;
}

/**
 * The opening handshake a conforming client sends (RFC 6455 §4.1), with `changes` applied, so a
 * check can break exactly one thing: drop the key, send version 8, POST, shout the header names.
 */
export function buildUpgradeRequest(url: URL, changes: HeaderChanges = {}, method = 'GET'): RawRequest {
  const headers: HeaderLines = [
    ['Host', url.host],
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Key', randomBytes(16).toString('base64')],
    ['Sec-WebSocket-Version', '13'],
  ];
  for (const [name, value] of Array.isArray(changes) ? changes : Object.entries(changes)) {
    const at = headers.findIndex(([n]) => n.toLowerCase() === name.toLowerCase());
    if (value === undefined) {
      if (at !== -1) headers.splice(at, 1);
    } else if (at !== -1) {
      headers[at] = [name, value];
    } else {
      headers.push([name, value]);
    }
  }
  const key = headers.find(([n]) => n.toLowerCase() === 'sec-websocket-key')?.[1];
  return { method, target: `${url.pathname}${url.search}`, headers, key };
}

export function serializeRequest(request: RawRequest): string {
  const lines = [`${request.method} ${request.target} HTTP/1.1`, ...request.headers.map(([n, v]) => `${n}: ${v}`)];
  return `${lines.join('\r\n')}\r\n\r\n`;
}
