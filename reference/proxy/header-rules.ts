// Which request and response headers the proxy passes on. Headers travel as Node's rawHeaders (a
// flat [name, value, ...] list) so that their case, order and repeats reach the upstream unchanged.
import type { ProxyMode } from './proxy-mode.ts';

export type RawHeaders = readonly string[];

// RFC 9110 §7.6.1: connection-specific headers are never forwarded by a proxy on plain HTTP.
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade'];

/** Headers of a plain HTTP request as forwarded upstream (the proxy opens its own connection). */
export function httpRequestHeaders(raw: RawHeaders, mode: ProxyMode): string[] {
  return withoutNames(raw, [...hopByHop(raw), ...strippedByMode(mode)]);
}

/** Headers of an upstream's HTTP response as relayed to the client. */
export function httpResponseHeaders(raw: RawHeaders): string[] {
  return withoutNames(raw, hopByHop(raw));
}

/**
 * Headers of an upgrade request as written upstream. A healthy proxy keeps Upgrade and Connection
 * (nginx needs `proxy_set_header Upgrade/Connection` for that); no_upgrade drops them and, as
 * nginx does by default, asks for `Connection: close`.
 */
export function upgradeRequestHeaders(raw: RawHeaders, mode: ProxyMode): string[] {
  if (mode.name !== 'no_upgrade') return withoutNames(raw, strippedByMode(mode));
  return [...withoutNames(raw, hopByHop(raw)), 'Connection', 'close'];
}

function strippedByMode(mode: ProxyMode): string[] {
  if (mode.name === 'strip_auth') return ['authorization'];
  if (mode.name === 'strip_protocol') return ['sec-websocket-protocol'];
  return [];
}

/** The fixed hop-by-hop names plus any the Connection header lists. */
function hopByHop(raw: RawHeaders): string[] {
  const listed = valuesOf(raw, 'connection').flatMap((value) =>
    value.split(',').map((token) => token.trim().toLowerCase()),
  );
  return [...HOP_BY_HOP, ...listed.filter((token) => token !== '')];
}

function valuesOf(raw: RawHeaders, name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) values.push(raw[i + 1]!);
  return values;
}

function withoutNames(raw: RawHeaders, names: readonly string[]): string[] {
  const drop = new Set(names);
  const kept: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) if (!drop.has(raw[i]!.toLowerCase())) kept.push(raw[i]!, raw[i + 1]!);
  return kept;
}
