import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuthMode } from '../config/config.ts';
import type { Contract } from '../contract/types.ts';
import { runClosedModel, type ModelHooks } from './closed-model.ts';
import { intendedOffsetMs, type LoadPlan } from './load-plan.ts';
import type { ProgressCounts } from './load-progress.ts';
import { bucketMsFor } from './load-series.ts';
import { LoadStats, type EncodedStats } from './load-stats.ts';
import { runOpenModel } from './open-model.ts';
import { identitiesFor, type TokenSpec } from './token-source.ts';
import type { UserOutcome } from './user-outcome.ts';
import { runVirtualUser, type LoadClient, type VirtualUserContext } from './virtual-user.ts';
import { WorstConnections, type ShownConnection } from './worst-connections.ts';

/** One process's share of a load run. */
export interface PartOptions {
  plan: LoadPlan;
  /** Global indices of the users this process runs. */
  users: number[];
  /** In-flight limit here: the closed model's concurrency, the open model's fd guard. */
  concurrency: number;
  wsUrl: string;
  /** Over SSE: where each user POSTs its message (LoadOptions.sseUrl). */
  sseUrl?: string;
  contract: Contract;
  auth: AuthMode;
  tokens: TokenSpec;
  timeouts: { handshakeMs: number; eventMs: number; runMs: number };
  prompt: string;
  settleMs: number;
  sources: string[];
  keepSamples: boolean;
  show: number;
}

/** A user that saw events of runs that were not its own. */
export interface LeakReport {
  userId: string;
  detail: string;
  /** Owners of the foreign runs, where this process ran them. */
  owners: string[];
}

export interface PartResult {
  stats: EncodedStats;
  worst: ShownConnection[];
  leaks: LeakReport[];
  stoppedBy: 'completed' | 'wall_clock';
  wallMs: number;
}

// What still runs at the wall-clock bound gets this long to finish before its sockets are cut.
const GRACE_MS = 2000;

/** Runs `users` of the plan in this process and returns mergeable figures. */
export async function runPart(o: PartOptions, counts: ProgressCounts): Promise<PartResult> {
  const identities = await identitiesFor(o.tokens, o.users, o.contract, o.auth);
  const stats = new LoadStats({ keepSamples: o.keepSamples, bucketMs: bucketMsFor(o.plan.maxS) });
  stats.planned = o.users.length;
  const worst = new WorstConnections(o.show);
  const leaked: UserOutcome[] = [];
  const owners = new Map<string, string>();
  const live = new Set<LoadClient>();
  const ctx: VirtualUserContext = {
    url: o.wsUrl,
    ...(o.sseUrl ? { sseUrl: o.sseUrl } : {}),
    contract: o.contract,
    auth: o.auth,
    prompt: o.prompt,
    settleMs: o.settleMs,
    live,
    handshakeTimeoutMs: o.timeouts.handshakeMs,
    eventTimeoutMs: o.timeouts.eventMs,
    runTimeoutMs: o.timeouts.runMs,
  };
  let stoppedBy: PartResult['stoppedBy'] = 'completed';
  let cut = false;
  const started = performance.now();
  const settle = (outcome: UserOutcome, startAt = performance.now()): void => {
    stats.record(outcome, { arrivalMs: startAt - started, endMs: performance.now() - started });
    worst.offer(outcome);
    if (outcome.runId) owners.set(outcome.runId, outcome.userId);
    if (outcome.status === 'leaked' && leaked.length < 10) leaked.push(outcome);
    if (outcome.status === 'ok') counts.completed += 1;
    else counts.failed += 1;
  };
  const hooks: ModelHooks = {
    deadline: started + o.plan.maxS * 1000,
    skip: (index, why, byClock) => {
      if (byClock) stoppedBy = 'wall_clock';
      const identity = identities.get(index);
      settle({
        index,
        userId: identity?.userId ?? `#${index}`,
        status: 'not_started',
        detail: why,
        timings: {},
        frames: 0,
        foreignRunIds: [],
      });
    },
    start: async (index, startAt) => {
      const identity = identities.get(index);
      if (!identity) return hooks.skip(index, 'not started: no token for this user', false);
      counts.started += 1;
      counts.open += 1;
      const localAddress = o.sources.length > 0 ? o.sources[index % o.sources.length] : undefined;
      const outcome = await runVirtualUser(ctx, {
        index,
        userId: identity.userId,
        token: identity.token,
        localAddress,
        startAt,
      });
      counts.open -= 1;
      if (cut && outcome.status !== 'ok')
        outcome.detail = `cut at the wall-clock bound (E2E_LOAD_MAX_S=${o.plan.maxS}): ${outcome.detail}`;
      settle(outcome, startAt);
    },
  };
  const model =
    o.plan.model === 'closed'
      ? runClosedModel(o.users, o.concurrency, hooks)
      : runOpenModel(o.users, (i) => intendedOffsetMs(o.plan, i), o.concurrency, hooks);
  const bound = new AbortController();
  const timeUp = sleep(o.plan.maxS * 1000 + GRACE_MS, false, { signal: bound.signal }).catch(() => true);
  const finished = await Promise.race([model.then(() => true), timeUp]);
  bound.abort();
  if (!finished) {
    stoppedBy = 'wall_clock';
    cut = true;
    for (const client of live) client.terminate();
    await model;
  }
  return {
    stats: stats.encode(),
    worst: worst.list(),
    leaks: leaked.map((u) => ({
      userId: u.userId,
      detail: u.detail,
      owners: [...new Set(u.foreignRunIds.map((r) => owners.get(r) ?? 'a user of another process'))].slice(0, 5),
    })),
    stoppedBy,
    wallMs: performance.now() - started,
  };
}
