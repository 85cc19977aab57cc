import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EventEncoder } from '@ag-ui/encoder';
import { authenticateUpgrade, type UpgradeAuthOptions } from '../backend/upgrade/authenticate-upgrade.ts';
import { sendJson } from '../http/json-response.ts';
import { BodyError, readJsonBody } from '../http/read-json-body.ts';
import { errorMessage, type Logger } from '../log/json-logger.ts';
import type { AgUiRunner, AgUiSink } from './ag-ui-runner.ts';
import { parseRunInput } from './parse-run-input.ts';

export type AgentRoute = (req: IncomingMessage, res: ServerResponse) => void;

export interface AgentRouteDeps {
  /** The upgrade's own token check, so that both transports let in exactly the same callers. */
  readonly auth: UpgradeAuthOptions;
  readonly runner: AgUiRunner;
  readonly log: Logger;
  readonly maxBodyBytes: number;
  readonly isShuttingDown: () => boolean;
  /** Fault crash_on_malformed: a body that is not JSON is answered 500, as an unguarded parse would. */
  readonly crashOnMalformed: boolean;
  /**
   * Fault crash_after_client_close: a run goes on after its client has gone, and its next write
   * throws out of every catch and kills the process.
   */
  readonly crashAfterClientClose: boolean;
}

const KEEPALIVE_COMMENT = ': keepalive\n\n';

/**
 * POST /agent under the ag_ui dialect: AG-UI's HTTP transport. The body is a RunAgentInput; the
 * answer is the run as Server-Sent Events, ended after RUN_FINISHED. Refusals are JSON
 * `{error, code}`: 401 without a valid token, 400 for a body that is not a RunAgentInput.
 */
export function createAgentRoute(deps: AgentRouteDeps): AgentRoute {
  return (req, res) => {
    serve(req, res, deps).catch((error: unknown) => {
      deps.log.error('agent request failed', { error: errorMessage(error) });
      if (!res.headersSent) refuse(res, 500, 'internal error', 'internal_error');
      else res.destroy();
    });
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, deps: AgentRouteDeps): Promise<void> {
  if (req.method !== 'POST') {
    return refuse(res, 405, 'send a RunAgentInput with POST', 'method_not_allowed', { Allow: 'POST' });
  }
  if (deps.isShuttingDown()) return refuse(res, 503, 'the server is shutting down', 'shutting_down');
  const auth = await authenticateUpgrade(req, deps.auth);
  if (!auth.ok) {
    const { status, body, headers } = auth.refusal;
    deps.log.info('agent request refused', {
      status,
      code: body['error'],
      detail: body['detail'],
      remote: req.socket.remoteAddress,
    });
    return refuse(res, status, String(body['detail'] ?? body['error']), String(body['error']), headers);
  }
  let body: unknown;
  try {
    body = await readJsonBody(req, deps.maxBodyBytes);
  } catch (error) {
    if (!(error instanceof BodyError)) throw error;
    if (error.code === 'BODY_TOO_LARGE') return refuse(res, 413, error.message, 'body_too_large');
    if (deps.crashOnMalformed) {
      deps.log.error('handler crashed on malformed input (fault)', { error: error.message });
      return refuse(res, 500, 'internal error', 'internal_error');
    }
    return refuse(res, 400, 'the body is not valid JSON; send a RunAgentInput', 'invalid_json');
  }
  const parsed = parseRunInput(body);
  if (!parsed.ok) return refuse(res, 400, parsed.message, parsed.code);
  const stream = openStream(res, deps);
  const run = deps.runner.start(parsed.input, parsed.prompt, stream);
  // The client went away (or the response ended): the run has no one left to talk to.
  if (!deps.crashAfterClientClose) res.once('close', () => run.stop());
  const state = await run.done;
  if (state === 'completed') res.end();
  // A stalled run leaves the stream open, as the stall_after fault means to.
  else if (state !== 'stalled') stream.fail();
}

/** Starts the 200 event stream and returns the sink that writes to it. */
function openStream(res: ServerResponse, deps: AgentRouteDeps): AgUiSink {
  // Without `accept`: the encoder would name protobuf for `Accept: */*` (fetch's default), but
  // encode() writes SSE whatever was accepted, and SSE is the only framing served here.
  const encoder = new EventEncoder();
  res.writeHead(200, {
    'Content-Type': encoder.getContentType(),
    'Cache-Control': 'no-cache',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  let flushed = Promise.resolve();
  const write = (text: string): boolean => {
    if (res.destroyed && deps.crashAfterClientClose) {
      deps.log.error('send after close', { transport: 'sse' });
      // Escapes every catch on purpose: the bug this fault models kills the process.
      process.nextTick(() => {
        throw new Error('send after close');
      });
      return false;
    }
    if (res.destroyed || res.writableEnded) return false;
    flushed = new Promise((resolve) => res.write(text, () => resolve()));
    return true;
  };
  return {
    transport: 'sse',
    id: `req_${randomBytes(6).toString('hex')}`,
    send: (event) => write(encoder.encode(event)),
    keepalive: () => void write(KEEPALIVE_COMMENT),
    // Once what was written has reached the socket: cut it, no terminating chunk, as a crash would.
    fail: () => void flushed.then(() => res.destroy()),
  };
}

function refuse(
  res: ServerResponse,
  status: number,
  error: string,
  code: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  sendJson(res, status, { error, code }, { ...headers });
}
