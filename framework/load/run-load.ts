import type { AuthMode } from '../config/config.ts';
import type { Contract } from '../contract/types.ts';
import { calibrationOf, calibrationPlan, type Calibration } from './calibration.ts';
import { assertFdCapacity } from './fd-limit.ts';
import { concurrencyOf, plannedUsers, usersOf, validatePlan, type LoadPlan, type Part } from './load-plan.ts';
import { addCounts, emptyCounts, startProgress, type ProgressCounts } from './load-progress.ts';
import { LoadStats } from './load-stats.ts';
import { runPart, type LeakReport, type PartOptions, type PartResult } from './run-part.ts';
import { sourceAddresses } from './source-addresses.ts';
import type { TokenSpec } from './token-source.ts';
import { runInWorkers } from './worker-pool.ts';
import { WorstConnections, type ShownConnection } from './worst-connections.ts';

export interface LoadOptions {
  plan: LoadPlan;
  wsUrl: string;
  /** Runs travel over SSE to this URL instead (E2E_TRANSPORT=sse): each user POSTs its message. */
  sseUrl?: string | undefined;
  contract: Contract;
  /** Module the contract came from (E2E_CONTRACT), so that worker processes load the same one. */
  contractModule?: string | undefined;
  auth: AuthMode;
  tokens: TokenSpec;
  timeouts: { handshakeMs: number; eventMs: number; runMs: number };
  /** Run only this shard's users (E2E_SHARD=i/n). */
  shard?: Part | undefined;
  /** Processes to spread this run over; 1 runs it here. */
  workers?: number;
  /** Loopback source addresses to use at least (more are added to keep each under a few thousand). */
  sourceAddresses?: number;
  progress?: boolean;
  /** Also keep every raw sample (to audit merged histograms). */
  keepSamples?: boolean;
  /** The message each user sends; default the contract's simple prompt. */
  prompt?: string;
  settleMs?: number;
  /** Connections to keep for a failure message. */
  show?: number;
  /** First run a few users one at a time to measure the golden path alone (E2E_LOAD_THRESHOLDS=calibrated). */
  calibrate?: boolean;
}

export interface LoadResult {
  name: string;
  plan: LoadPlan;
  shard: Part | undefined;
  workers: number;
  sources: string[];
  stats: LoadStats;
  worst: ShownConnection[];
  leaks: LeakReport[];
  stoppedBy: 'completed' | 'wall_clock';
  wallMs: number;
  /** The golden path alone on this machine, measured just before, when asked for. */
  calibration?: Calibration | undefined;
}

/**
 * Runs a load plan: every virtual user a full golden path with the harness's ChatClient, bounded
 * by the plan's count and wall clock, every socket closed at the end.
 * @example const r = await runLoad({ plan, wsUrl, contract, auth: 'header', tokens, timeouts }); r.stats.successRate
 */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  validatePlan(o.plan);
  const calibration = o.calibrate ? await calibrate(o) : undefined;
  const all = Array.from({ length: plannedUsers(o.plan) }, (_, i) => i);
  const mine = usersOf(all, o.plan.model, o.shard);
  const workers = Math.max(1, Math.min(o.workers ?? 1, mine.length));
  const parts = (o.shard?.count ?? 1) * workers;
  const perProcess = inFlightPerProcess(o, parts, Math.ceil(mine.length / workers));
  assertFdCapacity(
    perProcess,
    `load "${o.plan.name}"${workers > 1 ? ` (per worker process, ${workers} processes)` : ''}`,
  );
  const sources = sourceAddresses(o.sseUrl ?? o.wsUrl, perProcess * workers, o.sourceAddresses ?? 1);
  const base: Omit<PartOptions, 'users' | 'contract'> = {
    plan: o.plan,
    concurrency: perProcess,
    wsUrl: o.wsUrl,
    ...(o.sseUrl ? { sseUrl: o.sseUrl } : {}),
    auth: o.auth,
    tokens: o.tokens,
    timeouts: o.timeouts,
    prompt: o.prompt ?? o.contract.prompts.simple,
    settleMs: o.settleMs ?? 20,
    sources,
    keepSamples: o.keepSamples ?? false,
    show: o.show ?? 3,
  };
  // Each process takes every workers-th user of this shard's share.
  const slices = Array.from({ length: workers }, (_, w) => usersOf(mine, 'open', { index: w + 1, count: workers }));
  const counts: ProgressCounts[] = slices.map((slice) => emptyCounts(slice.length));
  const stopProgress = o.progress
    ? startProgress(o.plan.name, () => counts.reduce(addCounts, emptyCounts()))
    : undefined;
  let results: PartResult[];
  try {
    if (workers === 1) {
      results = [await runPart({ ...base, users: mine, contract: o.contract }, counts[0]!)];
    } else {
      const timeoutMs = o.plan.maxS * 1000 + o.timeouts.handshakeMs + o.timeouts.runMs + 30_000 + mine.length;
      results = await runInWorkers(
        slices.map((users) => ({ ...base, users, contractModule: o.contractModule })),
        timeoutMs,
        (w, c) => (counts[w] = c),
      );
    }
  } finally {
    stopProgress?.();
  }
  return { ...merge(o, workers, sources, results), calibration };
}

// A few users one at a time, in this process, just before the load: what the golden path costs here when nothing queues.
// Only their latencies count, so they close at their completion event, with no quiet window after it.
async function calibrate(o: LoadOptions): Promise<Calibration> {
  const alone = await runLoad({
    ...o,
    plan: calibrationPlan(o.plan),
    settleMs: 0,
    shard: undefined,
    workers: 1,
    progress: false,
    keepSamples: false,
    calibrate: false,
  });
  return calibrationOf(alone.stats, o.plan);
}

// Closed: the plan's concurrency shared by every process. Open: the users that could be in
// flight if each took its full time — the most this process may have to hold at once.
function inFlightPerProcess(o: LoadOptions, parts: number, usersHere: number): number {
  if (o.plan.model === 'closed') return Math.min(usersHere, concurrencyOf(o.plan, parts));
  const userSeconds = (o.timeouts.handshakeMs + o.timeouts.eventMs + o.timeouts.runMs) / 1000;
  return Math.max(1, Math.min(usersHere, Math.ceil((o.plan.rate / parts) * userSeconds)));
}

function merge(o: LoadOptions, workers: number, sources: string[], results: PartResult[]): LoadResult {
  const stats = new LoadStats({ keepSamples: o.keepSamples ?? false });
  const worst = new WorstConnections(o.show ?? 3);
  for (const r of results) {
    stats.merge(LoadStats.decode(r.stats));
    for (const shown of r.worst) worst.offer(shown);
  }
  return {
    name: o.plan.name,
    plan: o.plan,
    shard: o.shard,
    workers,
    sources,
    stats,
    worst: worst.list(),
    leaks: results.flatMap((r) => r.leaks).slice(0, 10),
    stoppedBy: results.some((r) => r.stoppedBy === 'wall_clock') ? 'wall_clock' : 'completed',
    wallMs: Math.max(...results.map((r) => r.wallMs)),
  };
}
