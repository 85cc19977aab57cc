import { readFdLimit } from '../framework/load/fd-limit.ts';

/** Sizes of each phase. `--quick` shrinks them for a smoke run; the figures then mean little. */
export function benchPlan(quick: boolean) {
  const fd = readFdLimit() ?? { soft: 1024, hard: 1024, open: 0 };
  // One descriptor per connection, in the client and in the server process alike; keep room for the rest.
  const perProcess = Math.max(100, fd.soft - 250);
  const q = (full: number, small: number): number => (quick ? small : full);
  return {
    fd,
    budgetS: 570,
    handshakes: { users: q(3000, 300), concurrency: 64, rounds: q(2, 1), sources: 8 },
    events: { connections: 64, runsPerSession: 10, durationMs: q(6000, 1500), rounds: q(2, 1) },
    // Against the capacity server only: one golden path per connection, as a load run's users.
    eventsOneRun: { connections: 64, runsPerSession: 1, durationMs: q(4000, 1000), rounds: q(2, 1) },
    // 2000 runs/s × 5 events = 10,000 events/s; many connections so that each sees few runs.
    openLoop: { connections: q(1000, 200), runsPerS: 2000, durationMs: q(5000, 1500), rounds: q(2, 1) },
    rssBare: { users: q(5000, 500) },
    single: { users: Math.min(q(19_800, 2000), perProcess), concurrency: 256, sources: 8, maxMs: 90_000 },
    sharded: {
      processes: 3,
      serverWorkers: 3,
      usersEach: Math.min(q(17_000, 1000), perProcess),
      sourcesEach: 4,
      maxMs: 120_000,
    },
    artillery: { arrivalRate: q(100, 20), durationS: q(10, 3), runs: 10 },
  };
}

export type BenchPlan = ReturnType<typeof benchPlan>;

/** `count` loopback source addresses starting at 127.0.0.`first`. */
export function loopbackSources(first: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `127.0.0.${first + i}`);
}
