import { runAgent, startAgent } from './agent-pool.ts';
import { measureArtillery, ensureArtillery } from './artillery.ts';
import { best, type BenchResult } from './bench-result.ts';
import { loopbackSources, type BenchPlan } from './bench-plan.ts';
import type { BenchServer } from './bench-server.ts';
import type { ClientKind } from './session.ts';
import type { AgentTask, Figures } from './tasks.ts';

type Ctx = { plan: BenchPlan; server: BenchServer; result: BenchResult; log: (line: string) => void };
const KINDS: ClientKind[] = ['bare', 'harness'];

/**
 * What a phase runs against: the reference backend (the figures a user's own backend is closer
 * to), or the capacity server, which outruns the client so that the figures are the client's own.
 */
export type Against = 'reference' | 'capacity';
// Figures against the capacity server carry its name: `events_per_s_capacity`, `details.capacity_events_*`.
const suffix = (against: Against) => (against === 'reference' ? '' : '_capacity') as '' | '_capacity';
const prefix = (against: Against) => (against === 'reference' ? '' : 'capacity_');

function base(ctx: Ctx, kind: ClientKind, userOffset: number, sources: string[]) {
  return { kind, url: ctx.server.wsUrl, key: ctx.server.key, sources, userOffset };
}

/** The least CPU a round of `rounds` spent per `count` (µs), its least disturbed. */
function cpuUsPer(rounds: Figures[], count: string): number | null {
  return best(
    rounds.map((f) => ({ us: ((f.cpu_ms ?? NaN) * 1000) / (f[count] ?? NaN) })),
    'us',
    'min',
  );
}

/** Bare and harness take turns, round after round, so that neither gets the quieter machine. */
async function alternate(
  ctx: Ctx,
  name: string,
  rounds: number,
  task: (kind: ClientKind, round: number) => AgentTask,
  timeoutMs: number,
): Promise<Record<ClientKind, Figures[]>> {
  const out: Record<ClientKind, Figures[]> = { bare: [], harness: [] };
  for (let round = 0; round < rounds; round += 1) {
    for (const kind of KINDS) {
      const figures = await runAgent(task(kind, round), timeoutMs);
      out[kind].push(figures);
      ctx.log(`  ${name} ${kind} round ${round + 1}: ${summary(figures)}`);
    }
  }
  ctx.result.details[`${name}_bare`] = out.bare;
  ctx.result.details[`${name}_harness`] = out.harness;
  return out;
}

/** A short run of each client, not recorded: a fresh server (and its JIT) would favour whoever comes second. */
export async function warmUp(ctx: Ctx): Promise<void> {
  for (const kind of KINDS) {
    await runAgent(
      {
        ...base(ctx, kind, 5000, loopbackSources(40, 2)),
        phase: 'events',
        connections: 32,
        runsPerSession: 10,
        durationMs: 1500,
      },
      60_000,
    );
  }
}

export async function handshakePhase(ctx: Ctx, against: Against): Promise<void> {
  const p = ctx.plan.handshakes;
  const r = await alternate(
    ctx,
    `${prefix(against)}handshakes`,
    p.rounds,
    (kind, round) => ({
      ...base(ctx, kind, 100_000 * (round + 1) + (kind === 'bare' ? 50_000 : 0), loopbackSources(20, p.sources)),
      phase: 'handshakes',
      users: p.users,
      concurrency: p.concurrency,
    }),
    120_000,
  );
  ctx.result[`handshakes_per_s${suffix(against)}`] = best(r.harness, 'handshakes_per_s', 'max');
  ctx.result[`handshakes_per_s${suffix(against)}_bare`] = best(r.bare, 'handshakes_per_s', 'max');
  if (against === 'reference') return;
  ctx.result.cpu_us_per_handshake = cpuUsPer(r.harness, 'handshakes');
  ctx.result.cpu_us_per_handshake_bare = cpuUsPer(r.bare, 'handshakes');
}

/** The closed-loop events measurement of plan `p`, harness and bare taking turns. */
function closedLoop(ctx: Ctx, name: string, p: BenchPlan['events']): Promise<Record<ClientKind, Figures[]>> {
  return alternate(
    ctx,
    name,
    p.rounds,
    (kind) => ({
      ...base(ctx, kind, kind === 'bare' ? 1000 : 2000, loopbackSources(40, 2)),
      phase: 'events',
      connections: p.connections,
      runsPerSession: p.runsPerSession,
      durationMs: p.durationMs,
    }),
    p.durationMs + 60_000,
  );
}

export async function eventsPhase(ctx: Ctx, against: Against): Promise<void> {
  const r = await closedLoop(ctx, `${prefix(against)}events`, ctx.plan.events);
  ctx.result[`events_per_s${suffix(against)}`] = best(r.harness, 'events_per_s', 'max');
  ctx.result[`events_per_s${suffix(against)}_bare`] = best(r.bare, 'events_per_s', 'max');
  if (against === 'reference') {
    ctx.result.events_per_cpu_s = best(r.harness, 'events_per_cpu_s', 'max');
    ctx.result.events_per_cpu_s_bare = best(r.bare, 'events_per_cpu_s', 'max');
    return;
  }
  ctx.result.cpu_us_per_event = cpuUsPer(r.harness, 'frames');
  ctx.result.cpu_us_per_event_bare = cpuUsPer(r.bare, 'frames');
}

/** Against the capacity server: the same closed loop, one golden path per connection, as a load run's users. */
export async function oneRunEventsPhase(ctx: Ctx): Promise<void> {
  const r = await closedLoop(ctx, 'capacity_events_one_run', ctx.plan.eventsOneRun);
  ctx.result.cpu_us_per_event_one_run = cpuUsPer(r.harness, 'frames');
  ctx.result.cpu_us_per_event_one_run_bare = cpuUsPer(r.bare, 'frames');
}

export async function openLoopPhase(ctx: Ctx, against: Against): Promise<void> {
  const p = ctx.plan.openLoop;
  const key = `added_p50_ms_at_10k_eps${suffix(against)}` as const;
  const r = await alternate(
    ctx,
    `${prefix(against)}open_loop_10k_eps`,
    p.rounds,
    (kind) => ({
      ...base(ctx, kind, kind === 'bare' ? 10_000 : 20_000, loopbackSources(50, 2)),
      phase: 'open-loop',
      connections: p.connections,
      runsPerS: p.runsPerS,
      durationMs: p.durationMs,
    }),
    p.durationMs + 60_000,
  );
  const harness = best(r.harness, 'p50_ms', 'min');
  const bare = best(r.bare, 'p50_ms', 'min');
  if (harness !== null && bare !== null) ctx.result[key] = harness - bare;
  const reached = best(r.harness, 'events_per_s', 'max') ?? 0;
  if (reached < 9000) ctx.result.notes[key] = `the open loop reached ${Math.round(reached)} events/s, not 10,000`;
}

/** One harness process against one server process: as many connections as its fd limit leaves room for. */
export async function singlePhase(ctx: Ctx): Promise<void> {
  const p = ctx.plan.single;
  for (const [kind, users] of [
    ['bare', ctx.plan.rssBare.users],
    ['harness', p.users],
  ] as const) {
    const agent = startAgent(
      {
        ...base(ctx, kind, 200_000, loopbackSources(60, p.sources)),
        phase: 'hold',
        users,
        concurrency: p.concurrency,
        verify: 20,
        maxMs: p.maxMs,
      },
      p.maxMs + 120_000,
    );
    const held = await agent.held;
    agent.release();
    const figures = await agent.result;
    ctx.result.details[`hold_${kind}`] = [figures];
    ctx.log(`  hold ${kind}: ${summary(figures)}`);
    if (kind === 'bare') ctx.result.rss_per_conn_bytes_bare = Math.round(held.rss_per_conn ?? 0);
    else {
      ctx.result.max_connections_single = held.verified === held.verify_sample ? (held.held ?? 0) : null;
      ctx.result.rss_per_conn_bytes = Math.round(held.rss_per_conn ?? 0);
      if (held.held !== users)
        ctx.result.notes.max_connections_single = `asked for ${users}, held ${held.held} (${held.failed} failed)`;
      if (held.verified !== held.verify_sample)
        ctx.result.notes.max_connections_single = `only ${held.verified}/${held.verify_sample} sampled held connections completed a golden path`;
    }
  }
}

/** Several harness processes over ≥10 source addresses against a multi-process server, all held at once. */
export async function shardedPhase(ctx: Ctx): Promise<void> {
  const p = ctx.plan.sharded;
  const agents = Array.from({ length: p.processes }, (_, i) =>
    startAgent(
      {
        ...base(ctx, 'harness', 300_000 + i * 100_000, loopbackSources(100 + i * p.sourcesEach, p.sourcesEach)),
        phase: 'hold',
        users: p.usersEach,
        concurrency: 256,
        verify: 10,
        maxMs: p.maxMs,
      },
      p.maxMs + 180_000,
    ),
  );
  const held = await Promise.all(agents.map((a) => a.held));
  agents.forEach((a) => a.release());
  const results = await Promise.allSettled(agents.map((a) => a.result));
  ctx.result.details.hold_sharded = results.map((r) => (r.status === 'fulfilled' ? r.value : { error: 1 }));
  const total = held.reduce((n, h) => n + (h.held ?? 0), 0);
  const verified = held.reduce((n, h) => n + (h.verified ?? 0), 0);
  const sampled = held.reduce((n, h) => n + (h.verify_sample ?? 0), 0);
  ctx.log(
    `  hold sharded: ${total} held across ${p.processes} processes, ${verified}/${sampled} sampled golden paths completed`,
  );
  ctx.result.max_connections_sharded = verified === sampled ? total : null;
  if (total < p.usersEach * p.processes)
    ctx.result.notes.max_connections_sharded = `asked for ${p.usersEach * p.processes}, held ${total}`;
}

export async function artilleryPhase(ctx: Ctx): Promise<void> {
  const problem = await ensureArtillery(180_000);
  if (problem) {
    ctx.result.notes.events_per_cpu_s_artillery = problem;
    return;
  }
  const p = ctx.plan.artillery;
  const figures = await measureArtillery(ctx.server.wsUrl, ctx.server.key, { ...p, timeoutMs: 120_000 });
  ctx.result.details.artillery = [figures];
  ctx.log(`  artillery: ${summary(figures)}`);
  if ((figures.failed ?? 0) > 0)
    ctx.result.notes.events_per_cpu_s_artillery = `${figures.failed} of ${figures.vusers} Artillery sessions failed`;
  ctx.result.events_per_cpu_s_artillery = figures.events_per_cpu_s ?? null;
}

function summary(f: Figures): string {
  return Object.entries(f)
    .map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(2)}`)
    .join(' ');
}
