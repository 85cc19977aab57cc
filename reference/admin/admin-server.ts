import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { ReferenceConfigError } from '../config/config-error.ts';
import { BodyError, readJsonBody } from '../http/read-json-body.ts';
import { sendJson, sendMethodNotAllowed, sendNotFound } from '../http/json-response.ts';
import { closeServer, httpOrigin, listen } from '../http/listen.ts';
import type { Logger } from '../log/json-logger.ts';

/** Where the admin endpoint listens: never anything but this machine's loopback. */
const ADMIN_HOST = '127.0.0.1';

export interface AdminOptions {
  /** The path's first segment: without it every request is a 404. */
  readonly secret: string;
  readonly port: number;
  readonly log: Logger;
  /** The faults in force, as a REF_FAULTS value. */
  readonly faults: () => string;
  /** Switches the faults; throws ReferenceConfigError on a bad value. */
  readonly setFaults: (spec: string) => Promise<void>;
}

export interface AdminServer {
  /** `http://127.0.0.1:<port>`: the secret is not in it, so this can be printed. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The test-only admin endpoint: `GET` / `PUT /<secret>/faults` reads or switches the running
 * stack's faults (`{"faults": "drop_event:tool_completed"}`), so that a test harness can try many
 * faults on one stack. It listens on 127.0.0.1 only and refuses any peer that is not loopback.
 * @example curl -X PUT -d '{"faults":"no_pong"}' http://127.0.0.1:4100/$REF_ADMIN_SECRET/faults
 */
export async function startAdminServer(options: AdminOptions): Promise<AdminServer> {
  const path = `/${options.secret}/faults`;
  const server: Server = createServer((req, res) => {
    if (!isLoopback(req) || !samePath(req.url ?? '', path)) return sendNotFound(res);
    if (req.method === 'GET') return sendJson(res, 200, { faults: options.faults() });
    if (req.method !== 'PUT') return sendMethodNotAllowed(res, 'GET, PUT');
    void switchFaults(req, options).then(({ status, body }) => sendJson(res, status, body));
  });
  const port = await listen(server, ADMIN_HOST, options.port);
  return { url: httpOrigin(ADMIN_HOST, port), close: () => closeServer(server) };
}

async function switchFaults(req: IncomingMessage, options: AdminOptions): Promise<{ status: number; body: unknown }> {
  try {
    const body = await readJsonBody(req);
    const spec = (body as { faults?: unknown } | null)?.faults;
    if (typeof spec !== 'string')
      return { status: 400, body: { error: 'bad_request', message: 'expected {"faults": "<REF_FAULTS value>"}' } };
    await options.setFaults(spec);
    options.log.info('faults switched', { faults: spec });
    return { status: 200, body: { faults: options.faults() } };
  } catch (error) {
    if (error instanceof BodyError || error instanceof ReferenceConfigError)
      return { status: 400, body: { error: 'bad_request', message: error.message } };
    options.log.error('fault switch failed', { error: error instanceof Error ? error.message : String(error) });
    return {
      status: 500,
      body: { error: 'internal_error', message: error instanceof Error ? error.message : String(error) },
    };
  }
}

function isLoopback(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress ?? '';
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** Compares in constant time, so that the secret cannot be found a character at a time. */
function samePath(url: string, path: string): boolean {
  const a = Buffer.from(url);
  const b = Buffer.from(path);
  return a.length === b.length && timingSafeEqual(a, b);
}
