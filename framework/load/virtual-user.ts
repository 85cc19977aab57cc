import { ChatClient } from '../client/chat-client.ts';
import { ClientError, HandshakeError } from '../client/errors.ts';
import { runTimings, type Run } from '../client/run.ts';
import type { Timeline } from '../client/timeline.ts';
import { checkGoldenPath } from '../assertions/golden-path-rules.ts';
import type { AuthMode } from '../config/config.ts';
import type { Contract } from '../contract/types.ts';
import type { UserOutcome } from './user-outcome.ts';

/** What every virtual user of one load run shares. */
export interface VirtualUserContext {
  url: string;
  contract: Contract;
  auth: AuthMode;
  prompt: string;
  handshakeTimeoutMs: number;
  eventTimeoutMs: number;
  runTimeoutMs: number;
  /** Quiet window after completion in which late or duplicate events are still caught. */
  settleMs: number;
  /** Open clients, so that a run cut by its wall-clock bound can close them all. */
  live: Set<ChatClient>;
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
    outcome.timings.ready = client.ready!.at - spec.startAt;
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

function judgeRun(
  ctx: VirtualUserContext,
  outcome: UserOutcome,
  client: ChatClient,
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
