import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { LatencyHistogram } from '../framework/load/latency-histogram.ts';
import { closeSessions, cpuMsSince, mintTokens, openSessions, PROMPT } from './measure.ts';
import type { AgentTask, Figures } from './tasks.ts';

/**
 * Latency at a fixed event rate, open loop: message i is due at i/runsPerS seconds, sent on
 * connection i mod n whatever happened before, and its latency runs from that due time to the
 * completion event — so a slow client shows up as latency, not as a lower rate.
 */
export async function measureOpenLoop(task: Extract<AgentTask, { phase: 'open-loop' }>): Promise<Figures> {
  const tokens = await mintTokens(task.key, task.userOffset, task.connections);
  const { sessions, failed } = await openSessions(task, tokens, 100);
  if (sessions.length === 0) throw new Error(`no connection opened (${failed} failed)`);
  const latency = new LatencyHistogram();
  const total = Math.round((task.runsPerS * task.durationMs) / 1000);
  let broken = 0;
  const framesBefore = sessions.reduce((n, s) => n + s.frames, 0);
  const cpu = process.cpuUsage();
  const t0 = performance.now() + 50;
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    const due = t0 + (i * 1000) / task.runsPerS;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const session = sessions[i % sessions.length]!;
    inFlight.push(
      session.run(PROMPT).then(({ ok, completedAt }) => {
        if (ok) latency.record(completedAt - due);
        else broken += 1;
      }),
    );
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - t0) / 1000;
  const cpuMs = cpuMsSince(cpu);
  const frames = sessions.reduce((n, s) => n + s.frames, 0) - framesBefore;
  await closeSessions(sessions);
  const p = latency.percentiles();
  return {
    runs: total,
    broken,
    failed_connects: failed,
    events_per_s: frames / seconds,
    p50_ms: p.p50,
    p90_ms: p.p90,
    p99_ms: p.p99,
    max_ms: p.max,
    cpu_ms: cpuMs,
  };
}
