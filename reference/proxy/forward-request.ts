import { request, type Agent, type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { errorMessage, type Logger } from '../log/json-logger.ts';
import { httpRequestHeaders, httpResponseHeaders } from './header-rules.ts';
import type { ProxyMode } from './proxy-mode.ts';
import { upstreamAddress } from './upstream-address.ts';

export interface ForwardOptions {
  readonly upstream: URL;
  readonly mode: ProxyMode;
  readonly agent: Agent;
  /** The longest silence from the upstream before the request is given up (504). */
  readonly timeoutMs: number;
  readonly log: Logger;
}

/** Forwards one plain HTTP request upstream and relays the answer; 502/504 when the upstream fails. */
export function forwardRequest(req: IncomingMessage, res: ServerResponse, options: ForwardOptions): void {
  const { host, port } = upstreamAddress(options.upstream);
  const outgoing = request(
    {
      host,
      port,
      method: req.method,
      path: req.url,
      headers: httpRequestHeaders(req.rawHeaders, options.mode),
      agent: options.agent,
      timeout: options.timeoutMs,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, httpResponseHeaders(answer.rawHeaders));
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    },
  );
  outgoing.on('timeout', () => outgoing.destroy(new UpstreamTimeout(options.timeoutMs)));
  if (options.mode.name === 'idle_cut') cutRequestWhenIdle(req, res, outgoing, options);
  let abandoned = false;
  outgoing.on('error', (error) => {
    if (abandoned) return;
    options.log.warn('upstream request failed', { method: req.method, path: req.url, error: errorMessage(error) });
    if (res.headersSent) return void res.destroy();
    const status = error instanceof UpstreamTimeout ? 504 : 502;
    const body = JSON.stringify({
      error: status === 504 ? 'gateway_timeout' : 'bad_gateway',
      detail: errorMessage(error),
    });
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
  // The client went away before the answer was complete: stop asking the upstream.
  res.on('close', () => {
    if (res.writableFinished) return;
    abandoned = true;
    outgoing.destroy();
  });
  req.pipe(outgoing);
}

/**
 * The idle timeout for a plain request, a streamed answer (SSE) among them: when no byte of the
 * request or the answer has moved for `ms`, both sides are dropped mid-answer, with no end.
 */
function cutRequestWhenIdle(req: IncomingMessage, res: ServerResponse, outgoing: ClientRequest, o: ForwardOptions) {
  if (o.mode.name !== 'idle_cut') return;
  const { ms } = o.mode;
  const timer = setTimeout(() => {
    o.log.warn('idle cut', { path: req.url, idle_ms: ms });
    outgoing.destroy();
    res.destroy();
  }, ms);
  const touch = (): void => void timer.refresh();
  req.on('data', touch);
  outgoing.on('response', (answer) => answer.on('data', touch));
  res.once('close', () => clearTimeout(timer));
}

class UpstreamTimeout extends Error {
  constructor(ms: number) {
    super(`the upstream did not answer within ${ms} ms`);
  }
}
