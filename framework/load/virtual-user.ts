import { performance } from 'node:perf_hooks';
import { ChatClient } from '../client/chat-client.ts';
import type { RunClient } from '../client/chat-factory.ts';
import { SseChatClient } from '../client/sse-client.ts';
import { ClientError, HandshakeError } from '../client/errors.ts';
import { runTimings, type Run } from '../client/run.ts';
import type { Timeline } from '../client/timeline.ts';
import { checkGoldenPath } from '../assertions/golden-path-rules.ts';
import type { AuthMode } from '../config/config.ts';
import type { Contract } from '../contract/types.ts';
import type { UserOutcome } from './user-outcome.ts';

/** What every virtual user of one load run shares. */
/** A load client of either transport: the wall-clock bound cuts what is still open. */
export type LoadClient = Pick<ChatClient, 'terminate'>;

export interface VirtualUserContext {
  url: string;
  /** Set for E2E_TRANSPORT=sse: each user POSTs its message here and reads the run from the stream. */
  sseUrl?: string;
  contract: Contract;
  auth: AuthMode;
  prompt: string;
  handshakeTimeoutMs: number;
  eventTimeoutMs: number;
  runTimeoutMs: number;
  /** Quiet window after completion in which late or duplicate events are still caught. */
  settleMs: number;
  /** Open clients, so that a run cut by its wall-clock bound can close them all. */
  live: Set<LoadClient>;
}

export interface VirtualUserSpec {
  index: number;
  userId: string;
  token: string;
  localAddress: string | undefined;
  /** performance.now() of the user's intended start: every figure is measured from it. */
  startAt: number;
}

/**
 * One virtual user's golden path: connect → ready → one run to completion → close. Never throws:
 * whatever happens is classified in the returned outcome.
 */
export async function runVirtualUser(ctx: VirtualUserContext, spec: VirtualUserSpec): Promise<UserOutcome> {
  const outcome: UserOutcome = {
    index: spec.index,
    userId: spec.userId,
    status: 'ok',
    detail: '',
    timings: {},
    frames: 0,
    foreignRunIds: [],
  };
  if (ctx.sseUrl) return runSseUser(ctx, ctx.sseUrl, spec, outcome);
  let client: ChatClient;
  try {
    client = await ChatClient.connect({
      url: ctx.url,
      contract: ctx.contract,
      token: spec.token,
      auth: ctx.auth,
      label: spec.userId,
      handshakeTimeoutMs: ctx.handshakeTimeoutMs,
      eventTimeoutMs: ctx.eventTimeoutMs,
      runTimeoutMs: ctx.runTimeoutMs,
      ...(spec.localAddress ? { localAddress: spec.localAddress } : {}),
    });
  } catch (error) {
    return connectFailed(outcome, error, spec.startAt);
  }
  ctx.live.add(client);
  try {
    recordConnect(outcome, client.timeline, spec.startAt);
    // A protocol with no ready event (AG-UI) is ready at the upgrade, which connect() has just seen.
    outcome.timings.ready = (client.ready?.at ?? performance.now()) - spec.startAt;
    const run = await client.runToCompletion(ctx.prompt, { settleMs: ctx.settleMs });
    judgeRun(ctx, outcome, client, run, spec);
  } catch (error) {
    // runToCompletion judges the server; anything thrown here is the client's own failure.
    outcome.status = 'closed';
    outcome.detail = `the run could not go on: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await client.close().catch(() => client.terminate());
    ctx.live.delete(client);
    outcome.frames = client.events.length;
    outcome.closeCode = client.closeInfo?.code;
    outcome.timeline = client.timeline;
  }
  return outcome;
}

/**
 * The same golden path over SSE: the POST is the handshake (its response headers the upgrade), a
 * refusal is a failed handshake, and a 5xx answer or a stream cut before the run's end is counted
 * as the 1011 or 1006 it stands for.
 */
async function runSseUser(
  ctx: VirtualUserContext,
  url: string,
  spec: VirtualUserSpec,
  outcome: UserOutcome,
): Promise<UserOutcome> {
  const client = new SseChatClient({
    url,
    contract: ctx.contract,
    token: spec.token,
    auth: ctx.auth,
    label: spec.userId,
    handshakeTimeoutMs: ctx.handshakeTimeoutMs,
    eventTimeoutMs: ctx.eventTimeoutMs,
    runTimeoutMs: ctx.runTimeoutMs,
  });
  ctx.live.add(client);
  try {
    const run = await client.runToCompletion(ctx.prompt, { settleMs: ctx.settleMs });
    recordConnect(outcome, client.timeline, spec.startAt);
    const end = client.streamEnds[0];
    outcome.closeCode = end?.code;
    if (outcome.timings.handshake === undefined) {
      const status = client.timeline.entries.find((e) => e.kind === 'refused');
      const kind =
        status?.kind === 'refused'
          ? String(status.status)
          : /no response/.test(end?.reason ?? '')
            ? 'timeout'
            : 'error';
      if (end?.code !== 1011)
        return fail(outcome, 'handshake_failed', `${spec.userId}: ${end?.reason ?? run.detail}`, kind);
    }
    outcome.timings.ready = outcome.timings.handshake;
    judgeRun(ctx, outcome, client, run, spec);
  } catch (error) {
    outcome.status = 'closed';
    outcome.detail = `the run could not go on: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await client.close();
    ctx.live.delete(client);
    outcome.frames = client.events.length;
    outcome.timeline = client.timeline;
  }
  return outcome;
}

function judgeRun(
  ctx: VirtualUserContext,
  outcome: UserOutcome,
  client: RunClient,
  run: Run,
  spec: VirtualUserSpec,
): void {
  const { contract } = ctx;
  outcome.runId = run.runId;
  const first = run.events[0];
  if (first) {
    outcome.timings.first_event = first.at - spec.startAt;
    outcome.timings.largest_gap = runTimings(run, contract).largestGapMs;
  }
  const done = run.events.find((e) => e.type === contract.completionEvent);
  if (done) outcome.timings.completion = done.at - spec.startAt;

  const readyUser = client.ready?.userId;
  const foreign = new Set(
    client.events.flatMap((e) => (e.runId !== undefined && e.runId !== run.runId ? [e.runId] : [])),
  );
  outcome.foreignRunIds = [...foreign];
  if (readyUser !== undefined && readyUser !== spec.userId) {
    fail(
      outcome,
      'leaked',
      `${contract.readyEvent} names user ${readyUser}, but this connection authenticated as ${spec.userId}`,
    );
  } else if (foreign.size > 0) {
    const count = client.events.filter((e) => e.runId !== undefined && foreign.has(e.runId)).length;
    fail(outcome, 'leaked', `received ${count} events of ${foreign.size} run(s) that are not ${spec.userId}'s own`);
  } else if (run.outcome === 'closed') {
    fail(outcome, 'closed', run.detail);
  } else if (run.outcome !== 'completed') {
    fail(outcome, 'timeout', run.detail);
  } else {
    const violations = checkGoldenPath(run, contract);
    if (violations.length > 0) fail(outcome, 'broken', violations.map((v) => `[${v.rule}] ${v.message}`).join('; '));
  }
}

function connectFailed(outcome: UserOutcome, error: unknown, startAt: number): UserOutcome {
  if (!(error instanceof ClientError)) return fail(outcome, 'handshake_failed', String(error), 'error');
  const client = (error as ClientError & { client?: ChatClient }).client;
  outcome.timeline = error.timeline;
  outcome.frames = client?.events.length ?? 0;
  if (error instanceof HandshakeError) {
    const kind =
      error.status !== undefined
        ? String(error.status)
        : error.code === 'E2E_HANDSHAKE_TIMEOUT'
          ? 'timeout'
          : (error.errno ?? 'error');
    return fail(outcome, 'handshake_failed', error.message, kind);
  }
  recordConnect(outcome, error.timeline, startAt);
  if (client?.closeInfo) outcome.closeCode = client.closeInfo.code;
  return fail(outcome, error.code === 'E2E_WS_TIMEOUT' ? 'ready_timeout' : 'closed', error.message);
}

function recordConnect(outcome: UserOutcome, timeline: Timeline, startAt: number): void {
  const open = timeline.entries.find((e) => e.kind === 'open');
  if (open) outcome.timings.handshake = open.t - startAt;
}

function fail(
  outcome: UserOutcome,
  status: UserOutcome['status'],
  detail: string,
  handshakeFailure?: string,
): UserOutcome {
  outcome.status = status;
  outcome.detail = detail;
  if (handshakeFailure !== undefined) outcome.handshakeFailure = handshakeFailure;
  return outcome;
}
