import { performance } from 'node:perf_hooks';
import { E2eError } from '../errors.ts';
import { fetchHealth } from './fetch-health.ts';
import { judgeHealth, judgeVersion, judgeWebsocketHealth } from './preflight-http.ts';
import { endpointOf, openTcp, openTls, resolveName, StepFailure, type Endpoint } from './preflight-network.ts';
import { bareUpgrade } from './preflight-upgrade.ts';
import type { AuthMode } from '../config/config.ts';
import type { Contract } from '../contract/types.ts';
import type { Blocker } from './blockers.ts';
import { probeTransport, type TransportProbe } from './transport-probe.ts';
import { judgeTransports } from './transport-verdict.ts';
import { SseChatClient } from '../client/sse-client.ts';

export type PreflightStepName =
  'dns' | 'tcp' | 'tls' | 'health' | 'version' | 'websocket_health' | 'upgrade' | 'transports' | 'stream';

export interface PreflightStep {
  name: PreflightStepName;
  /** What was probed: a host:port or a URL. */
  subject: string;
  ok: boolean;
  ms: number;
  detail: string;
}

export interface PreflightReport {
  ok: boolean;
  /** The first failure, as one line: what to fix. */
  diagnosis: string | undefined;
  steps: PreflightStep[];
  tookMs: number;
  /** What `/health` answered, when it did. */
  health: Record<string, unknown> | undefined;
  /** Causes found by the transport cross-check that block some checks without stopping the run. */
  blockers: Blocker[];
  /** Each valid-token upgrade the cross-check made. */
  probes: TransportProbe[];
}

/** The transport cross-check: one valid token over each transport the target lists. */
export interface TransportCheckOptions {
  contract: Contract;
  /** A valid token for the first test user; E2E_TOKEN_UNAVAILABLE skips the check with its reason. */
  token: () => Promise<string>;
  /** Where the token came from, for the diagnosis ("a login as alice@example.com"). */
  tokenSource: string;
  defaultTransport: AuthMode;
  eventTimeoutMs: number;
}

export interface PreflightOptions {
  backendUrl: string;
  wsUrl: string;
  /**
   * E2E_TRANSPORT=sse: where runs are POSTed. The WebSocket steps give way to one run's stream,
   * and a backend without /health (404) is let through unless a version is expected.
   */
  sseUrl?: string | undefined;
  expectVersion?: string | undefined;
  expectCommit?: string | undefined;
  /** Offered on the bare upgrade. */
  subprotocol?: string | undefined;
  /** Only `/health` and the version check (E2E_PREFLIGHT=false with a version expected). */
  versionOnly?: boolean;
  /** The whole preflight stops within this (default 10 s). */
  budgetMs?: number;
  /** Each network step gives up after this (default 5 s, never beyond the budget). */
  stepTimeoutMs?: number;
  /** Runs the transport cross-check after the bare upgrade. */
  transports?: TransportCheckOptions;
}

/** The preflight stopped the run: `message` is the diagnosis followed by every step. */
export class PreflightError extends E2eError {
  readonly report: PreflightReport;

  constructor(report: PreflightReport) {
    super('E2E_PREFLIGHT_FAILED', `preflight failed: ${report.diagnosis}\n${renderPreflight(report)}`);
    this.name = 'PreflightError';
    this.report = report;
  }
}

/**
 * Checks, in order, that the target can be reached at all before any suite runs: DNS, TCP and
 * TLS for each endpoint, `/health` (and the expected version/commit), `/health/websocket`, and
 * one bare upgrade. Stops at the first failure with one diagnosis.
 * @example const report = await runPreflight({ backendUrl, wsUrl, expectVersion: '1.4.2' });
 */
export async function runPreflight(o: PreflightOptions): Promise<PreflightReport> {
  const started = performance.now();
  const budgetMs = o.budgetMs ?? 10_000;
  const report: PreflightReport = {
    ok: true,
    diagnosis: undefined,
    steps: [],
    tookMs: 0,
    health: undefined,
    blockers: [],
    probes: [],
  };
  const timeout = () => Math.max(1, Math.min(o.stepTimeoutMs ?? 5_000, budgetMs - (performance.now() - started)));

  const step = async (
    name: PreflightStepName,
    subject: string,
    probe: (timeoutMs: number) => Promise<string>,
    boundMs?: number,
  ): Promise<boolean> => {
    const t0 = performance.now();
    const ms = boundMs ?? timeout();
    try {
      const late =
        name === 'dns'
          ? `name not resolved: ${subject} (no DNS answer within ${Math.round(ms)} ms)`
          : `${name}: ${subject} did not answer within ${Math.round(ms)} ms`;
      const detail = await raceTimeout(probe(ms), ms, late);
      report.steps.push({ name, subject, ok: true, ms: Math.round(performance.now() - t0), detail });
      return true;
    } catch (error) {
      const detail =
        error instanceof StepFailure ? error.message : `${name}: ${String((error as Error).message ?? error)}`;
      report.steps.push({ name, subject, ok: false, ms: Math.round(performance.now() - t0), detail });
      report.ok = false;
      report.diagnosis = detail;
      return false;
    }
  };

  const run = async (): Promise<void> => {
    if (!o.versionOnly) {
      for (const e of endpoints([o.sseUrl ?? o.wsUrl, o.backendUrl])) {
        const at = `${e.host}:${e.port}`;
        if (!(await step('dns', e.host, () => resolveName(e)))) return;
        if (!(await step('tcp', at, (ms) => openTcp(e, ms)))) return;
        if (e.secure && !(await step('tls', at, (ms) => openTls(e, ms)))) return;
      }
    }
    const healthUrl = new URL('/health', o.backendUrl).toString();
    const expectsBuild = o.expectVersion !== undefined || o.expectCommit !== undefined;
    const health = async (ms: number) => {
      try {
        report.health = await fetchHealth(o.backendUrl, '/health', ms);
      } catch (error) {
        // An agent endpoint need not serve /health: over SSE, the run's stream is the proof.
        if (o.sseUrl && !expectsBuild && error instanceof StepFailure && error.status === 404)
          return 'no /health (404): not required with E2E_TRANSPORT=sse; the run stream below is checked instead';
        throw error;
      }
      return judgeHealth(report.health);
    };
    if (!(await step('health', healthUrl, health))) return;
    if (expectsBuild) {
      const expected = { version: o.expectVersion, commit: o.expectCommit };
      if (!(await step('version', healthUrl, async () => judgeVersion(report.health!, expected)))) return;
    }
    if (o.versionOnly) return;
    const sseUrl = o.sseUrl;
    if (sseUrl) {
      const t = o.transports;
      const probeMs = Math.min(o.stepTimeoutMs ?? 5_000, budgetMs);
      if (t) await step('stream', sseUrl, () => streamProbe(sseUrl, t, probeMs), probeMs + t.eventTimeoutMs + 1_000);
      return;
    }
    const wsHealthUrl = new URL('/health/websocket', o.backendUrl).toString();
    let wsHealth: Record<string, unknown> = {};
    const readWsHealth = async (ms: number) =>
      judgeWebsocketHealth((wsHealth = await fetchHealth(o.backendUrl, '/health/websocket', ms)));
    if (!(await step('websocket_health', wsHealthUrl, readWsHealth))) return;
    if (!(await step('upgrade', o.wsUrl, (ms) => bareUpgrade(o.wsUrl, ms, o.subprotocol)))) return;
    const t = o.transports;
    // Its own bound: two rounds of upgrades, each waiting for the ready event (a buffering proxy delays it).
    const probeMs = Math.min(o.stepTimeoutMs ?? 5_000, budgetMs);
    if (t)
      await step(
        'transports',
        o.wsUrl,
        () => crossCheck(o.wsUrl, t, listedModes(wsHealth, t), probeMs, report),
        2 * (probeMs + t.eventTimeoutMs) + 1_000,
      );
  };
  await run();
  report.tookMs = Math.round(performance.now() - started);
  return report;
}

// One valid token over each transport; a disagreement becomes one diagnosis (see transport-verdict.ts).
async function crossCheck(
  wsUrl: string,
  t: TransportCheckOptions,
  modes: AuthMode[],
  ms: number,
  report: PreflightReport,
): Promise<string> {
  const { token, notRun } = await probeToken(t, 'transports: no valid token for the cross-check');
  if (notRun) return notRun;
  const probe = { wsUrl, contract: t.contract, token, handshakeTimeoutMs: ms, eventTimeoutMs: t.eventTimeoutMs };
  report.probes.push(...(await Promise.all(modes.map((mode) => probeTransport(probe, mode)))));
  const sub = report.probes.find((p) => p.transport === 'subprotocol');
  const header = report.probes.find((p) => p.transport === 'header');
  // The entry refused while the header works: try the other common encodings, to name the setting.
  if (sub && sub.kind === 'refused' && header?.kind === 'ready' && header.selected !== '') {
    const own = t.contract.tokenSubprotocol(token);
    const others = (['raw', 'base64url'] as const).filter(
      (e) => (e === 'raw' ? `jwt.${token}` : `jwt.${Buffer.from(token).toString('base64url')}`) !== own,
    );
    report.probes.push(
      ...(await Promise.all(others.map((encoding) => probeTransport(probe, 'subprotocol', { encoding })))),
    );
  }
  const verdict = judgeTransports(report.probes, {
    defaultTransport: t.defaultTransport,
    contract: t.contract,
    tokenSource: t.tokenSource,
    path: new URL(wsUrl).pathname,
  });
  const summary = report.probes
    .map((p) => `${p.transport}${p.encoding ? ` (${p.encoding})` : ''}: ${p.detail}`)
    .join('; ');
  if (verdict.stop) throw new StepFailure(verdict.stop);
  report.blockers = verdict.blockers;
  return verdict.blockers.length > 0
    ? `${summary} — ${verdict.blockers.length} cause(s) found: ${verdict.blockers.map((b) => b.id).join(', ')}`
    : summary;
}

/**
 * E2E_TRANSPORT=sse: one run POSTed with a valid token must answer with an event stream whose run
 * starts. The run is read to its end, within the step's bound, so that the preflight does not
 * leave a run streaming into a closed request (what send-after-close checks) before any suite.
 */
async function streamProbe(url: string, t: TransportCheckOptions, ms: number): Promise<string> {
  const { token, notRun } = await probeToken(t, 'stream: no valid token');
  if (notRun) return notRun;
  const { startEvent, prompts } = t.contract;
  const auth = t.defaultTransport === 'query' ? 'query' : 'header';
  const client = new SseChatClient({
    url,
    contract: t.contract,
    token,
    auth,
    handshakeTimeoutMs: ms,
    eventTimeoutMs: t.eventTimeoutMs,
    runTimeoutMs: ms + t.eventTimeoutMs,
  });
  try {
    const run = await client.runToCompletion(prompts.simple, { settleMs: 0 });
    const start = run.events.find((e) => e.type === startEvent);
    const after = (at: number) => `${Math.round(at - run.sentAt)} ms`;
    if (start) {
      const end =
        run.outcome === 'completed' ? `, ${run.events.at(-1)!.type} after ${after(run.events.at(-1)!.at)}` : '';
      return `HTTP 200 event stream, ${startEvent} after ${after(start.at)}${end}`;
    }
    const how = auth === 'query' ? '?token=' : 'Authorization header';
    throw new StepFailure(
      `stream: a run POSTed to ${url} with a valid token (${t.tokenSource}, ${how}) got ` +
        `${client.streamEnds.at(-1)?.reason ?? run.detail}, no ${startEvent}`,
    );
  } finally {
    await client.close();
  }
}

/** The token a probe presents; `notRun` says why there is none (E2E_TOKEN_UNAVAILABLE), any other failure throws. */
async function probeToken(t: TransportCheckOptions, failure: string): Promise<{ token: string; notRun?: string }> {
  try {
    return { token: await t.token() };
  } catch (error) {
    if (error instanceof E2eError && error.code === 'E2E_TOKEN_UNAVAILABLE')
      return { token: '', notRun: `not run: ${error.message}` };
    throw new StepFailure(`${failure}: ${(error as Error).message}`);
  }
}

// The transports the target lists in /health/websocket; those the contract can use when it lists none.
function listedModes(wsHealth: Record<string, unknown>, t: TransportCheckOptions): AuthMode[] {
  const known: AuthMode[] = ['header', 'subprotocol', 'query'];
  const listed = Array.isArray(wsHealth.auth_modes)
    ? known.filter((m) => (wsHealth.auth_modes as unknown[]).includes(m))
    : (['header', 'subprotocol'] as AuthMode[]);
  const usable = listed.filter((m) => m !== 'subprotocol' || t.contract.subprotocol !== undefined);
  return usable.includes(t.defaultTransport) ? usable : [t.defaultTransport, ...usable];
}

/** The steps, one line each, for the console or a report. */
export function renderPreflight(report: PreflightReport): string {
  const lines = report.steps.map(
    (s) => `  ${s.ok ? '✓' : '✗'} ${s.name.padEnd(16)} ${s.subject}  (${s.ms} ms)  ${s.detail}`,
  );
  return `preflight ${report.ok ? 'passed' : 'failed'} in ${report.tookMs} ms:\n${lines.join('\n')}`;
}

function endpoints(urls: string[]): Endpoint[] {
  const byKey = new Map<string, Endpoint>();
  for (const url of urls) {
    const e = endpointOf(url);
    const key = `${e.host}:${e.port}:${e.secure}`;
    const known = byKey.get(key);
    if (known) known.urls.push(url);
    else byKey.set(key, e);
  }
  return [...byKey.values()];
}

function raceTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new StepFailure(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
