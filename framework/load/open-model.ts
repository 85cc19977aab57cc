import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ModelHooks } from './closed-model.ts';

/**
 * Open loop: user i is due at `offsetMs(i)` after the start, whether or not earlier users have
 * finished. Each user's figures are measured from that intended time, so a stalled server (or a
 * busy client) shows up as latency instead of quietly lowering the arrival rate: no coordinated
 * omission. `maxInFlight` protects the client's fd limit; arrivals beyond it are counted as failures.
 */
export async function runOpenModel(
  users: readonly number[],
  offsetMs: (index: number) => number,
  maxInFlight: number,
  hooks: ModelHooks,
): Promise<void> {
  const t0 = performance.now();
  const running = new Set<Promise<void>>();
  for (const [position, index] of users.entries()) {
    const due = t0 + offsetMs(index);
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    if (performance.now() >= hooks.deadline || due >= hooks.deadline) {
      for (const rest of users.slice(position)) hooks.skip(rest, 'not started: the wall-clock bound was reached', true);
      break;
    }
    if (running.size >= maxInFlight) {
      hooks.skip(index, `not started: ${maxInFlight} users already in flight (the client's fd limit)`, false);
      continue;
    }
    const p = hooks.start(index, due).finally(() => running.delete(p));
    running.add(p);
  }
  await Promise.all(running);
}
