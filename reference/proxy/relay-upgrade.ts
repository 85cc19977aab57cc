import type { IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { errorMessage, type Logger } from '../log/json-logger.ts';
import { closeTogether } from './close-together.ts';
import { upgradeRequestHeaders } from './header-rules.ts';
import { cutWhenIdle } from './idle-cut.ts';
import { formatProxyMode, type ProxyMode } from './proxy-mode.ts';
import { relayInBursts } from './relay-in-bursts.ts';
import { upstreamAddress } from './upstream-address.ts';

export interface RelayOptions {
  readonly upstream: URL;
  readonly mode: ProxyMode;
  readonly connectTimeoutMs: number;
  readonly log: Logger;
  /** Every socket the relay opens or adopts, so that shutdown can close it. */
  readonly track: (socket: Socket) => void;
}

/**
 * Relays an upgrade request at the TCP level: writes the request head upstream (headers as the
 * mode allows), then copies bytes both ways without decoding them. The upstream's answer, 101 or
 * not, reaches the client as the upstream wrote it.
 */
export function relayUpgrade(req: IncomingMessage, client: Socket, head: Buffer, options: RelayOptions): void {
  const { mode, log } = options;
  const upstream = connect(upstreamAddress(options.upstream));
  options.track(client);
  options.track(upstream);
  const failBeforeConnect = (error: Error): void => {
    log.warn('upstream unreachable for an upgrade', { path: req.url, error: errorMessage(error) });
    refuse(client, error instanceof ConnectTimeout ? 504 : 502, errorMessage(error));
  };
  client.on('error', () => upstream.destroy());
  client.once('close', () => upstream.connecting && upstream.destroy());
  upstream.on('error', failBeforeConnect);
  upstream.setTimeout(options.connectTimeoutMs, () => upstream.destroy(new ConnectTimeout(options.connectTimeoutMs)));
  upstream.once('connect', () => {
    upstream.setTimeout(0);
    upstream.off('error', failBeforeConnect);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    upstream.write(requestHead(req, mode));
    if (head.length > 0) upstream.write(head);
    closeTogether(client, upstream);
    client.pipe(upstream);
    if (mode.name === 'buffer_frames') relayInBursts(upstream, client, mode.ms);
    else upstream.pipe(client);
    if (mode.name === 'idle_cut') {
      cutWhenIdle(client, upstream, mode.ms, () =>
        log.warn('cut an idle connection', { path: req.url, mode: formatProxyMode(mode) }),
      );
    }
  });
}

function requestHead(req: IncomingMessage, mode: ProxyMode): string {
  const headers = upgradeRequestHeaders(req.rawHeaders, mode);
  const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
  for (let i = 0; i + 1 < headers.length; i += 2) lines.push(`${headers[i]}: ${headers[i + 1]}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

const REFUSALS = { 502: ['Bad Gateway', 'bad_gateway'], 504: ['Gateway Timeout', 'gateway_timeout'] } as const;

/** The answer a proxy gives when it cannot reach the upstream, written on the raw socket. */
function refuse(client: Socket, status: keyof typeof REFUSALS, detail: string): void {
  if (client.destroyed) return;
  const [reason, error] = REFUSALS[status];
  const body = JSON.stringify({ error, detail });
  client.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  setTimeout(() => client.destroy(), 2_000).unref();
}

class ConnectTimeout extends Error {
  constructor(ms: number) {
    super(`the upstream did not accept a connection within ${ms} ms`);
  }
}
