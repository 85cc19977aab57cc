import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { E2eError } from '../errors.ts';
import type { ResolvedTarget } from './resolved-target.ts';

/** What the harness can do to a target it started itself. */
export interface TargetActions {
  /** Stops the target gracefully (its clients see 1001) and starts it again at the same URLs. */
  restart(): Promise<{ downMs: number }>;
  /**
   * Switches the reference's faults at run time (a REF_FAULTS value) and, with `reference`, its
   * other REF_* settings (a restart with them, REF_PROXY included); a restart keeps them. Resolves
   * with the URLs the tests reach it at now. Only a local stack started with REF_ADMIN_SECRET can:
   * the fault matrix runs many rows on one stack.
   */
  switch?(to: TargetSwitch): Promise<TargetUrls>;
}

/** What a switch puts in force: the faults, and REF_* settings on top of those the run started with. */
export interface TargetSwitch {
  faults: string;
  reference?: Record<string, string> | undefined;
}

/** Where the tests reach the target: behind its proxy, when it has one. */
export interface TargetUrls {
  backendUrl: string;
  wsUrl: string;
}

export interface TargetControl {
  /** Base URL handed to the tests (through ResolvedTarget.controlUrl); unguessable, loopback only. */
  url: string;
  close(): Promise<void>;
}

/**
 * A loopback HTTP endpoint in the process that owns the target (vitest's global setup), so a test
 * in a worker can ask for a restart: `provide` can only hand over data, not functions.
 */
export async function startTargetControl(actions: TargetActions): Promise<TargetControl> {
  const secret = randomBytes(16).toString('hex');
  let busy = false;
  const server = createServer((req, res) => {
    const reply = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const restart = req.url === `/${secret}/restart`;
    const toSwitch = req.url === `/${secret}/switch` && actions.switch !== undefined;
    if (req.method !== 'POST' || !(restart || toSwitch)) return reply(404, { error: 'not_found' });
    if (busy) return reply(409, { error: 'another restart or switch is under way' });
    busy = true;
    const action = restart ? actions.restart() : readBody(req).then((body) => actions.switch!(parseSwitch(body)));
    action
      .then(
        (result) => reply(200, result),
        (error: unknown) => reply(500, { error: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => (busy = false));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/${secret}`,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** A switch's body, checked: `{"faults": string, "reference"?: {REF_*: string}}`, or an error naming what is not. */
function parseSwitch(body: string): TargetSwitch {
  const bad = (why: string) =>
    new E2eError('E2E_TARGET_CONTROL', `a switch is {"faults": string, "reference"?: {REF_*: string}}: ${why}`);
  let to: unknown;
  try {
    to = JSON.parse(body);
  } catch {
    throw bad('the body is not JSON');
  }
  const { faults, reference } = (to ?? {}) as Record<string, unknown>;
  if (typeof faults !== 'string') throw bad('"faults" is not a string');
  if (reference === undefined) return { faults };
  if (typeof reference !== 'object' || reference === null || Array.isArray(reference))
    throw bad('"reference" is not an object');
  for (const [key, value] of Object.entries(reference))
    if (typeof value !== 'string') throw bad(`"reference.${key}" is not a string`);
  return { faults, reference: reference as Record<string, string> };
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body;
}

/** Whether the harness can restart this target (a local stack it started). */
export function canRestart(target: ResolvedTarget): boolean {
  return target.controlUrl !== undefined;
}

/**
 * Restarts the target and resolves once it is serving again; its open connections are closed
 * by the shutdown (1001) on the way.
 * @example const { downMs } = await restartTarget(target, 20_000);
 */
export async function restartTarget(target: ResolvedTarget, timeoutMs: number): Promise<{ downMs: number }> {
  return JSON.parse(await control(target, 'restart', '', timeoutMs)) as { downMs: number };
}

/**
 * Switches the faults (and, with `reference`, other REF_* settings) of a local reference stack
 * started with REF_ADMIN_SECRET, and resolves once it serves with them, with the URLs it serves
 * at; a stack a fault killed is started again with them.
 * @example await switchTarget(target, { faults: 'drop_event:tool_completed' }, 20_000);
 * @example const { wsUrl } = await switchTarget(target, { faults: '', reference: { REF_PROXY: 'strip_auth' } }, 20_000);
 */
export async function switchTarget(target: ResolvedTarget, to: TargetSwitch, timeoutMs: number): Promise<TargetUrls> {
  return JSON.parse(await control(target, 'switch', JSON.stringify(to), timeoutMs)) as TargetUrls;
}

async function control(target: ResolvedTarget, action: string, body: string, timeoutMs: number): Promise<string> {
  if (!target.controlUrl)
    throw new E2eError(
      'E2E_TARGET_CONTROL',
      `the harness cannot ${action === 'restart' ? 'restart' : 'switch the faults or settings of'} a ${target.kind} target (only a local stack it started)`,
    );
  let status: number;
  let text: string;
  try {
    const res = await request(`${target.controlUrl}/${action}`, {
      method: 'POST',
      body,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    status = res.statusCode;
    text = await res.body.text();
  } catch (error) {
    throw new E2eError(
      'E2E_TARGET_CONTROL',
      `${action}: the harness's target control did not answer (${(error as Error).message})`,
      { cause: error },
    );
  }
  if (status !== 200)
    throw new E2eError(
      'E2E_TARGET_CONTROL',
      `${action} failed (HTTP ${status}): ${errorText(text, 'error').slice(0, 500)}`,
    );
  return text;
}

/** The `key` field of a JSON error body, or the body itself. */
export function errorText(body: string, key: string): string {
  try {
    const value = (JSON.parse(body) as Record<string, unknown>)[key];
    return typeof value === 'string' ? value : body;
  } catch {
    return body;
  }
}
