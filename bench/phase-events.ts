import { performance } from 'node:perf_hooks';
import { connectSession } from './session.ts';
import { cpuMsSince, mintTokens, PROMPT, sourceFor, TIMEOUT_MS } from './measure.ts';
import type { AgentTask, Figures } from './tasks.ts';

/**
 * Events per second, closed loop: `connections` chat sessions side by side, each one connect →
 * `runsPerSession` golden paths back to back → close, again and again until the time is up.
 * Also the CPU this process spent per event.
 */
export async function measureEvents(task: Extract<AgentTask, { phase: 'events' }>): Promise<Figures> {
  const tokens = await mintTokens(task.key, task.userOffset, task.connections);
  let frames = 0;
  let runs = 0;
  let broken = 0;
  let failedConnects = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const end = started + task.durationMs;
  await Promise.all(
    tokens.map(async (token, i) => {
      while (performance.now() < end) {
        let session;
        try {
          session = await connectSession(task.kind, {
            url: task.url,
            token,
            localAddress: sourceFor(task, i),
            timeoutMs: TIMEOUT_MS,
          });
        } catch {
          failedConnects += 1;
          continue;
        }
        for (let r = 0; r < task.runsPerSession && performance.now() < end; r += 1) {
          const { ok } = await session.run(PROMPT);
          runs += 1;
          if (!ok) broken += 1;
        }
        await session.close();
        frames += session.frames;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = cpuMsSince(cpu);
  return {
    frames,
    runs,
    broken,
    failed_connects: failedConnects,
    seconds,
    events_per_s: frames / seconds,
    cpu_ms: cpuMs,
    events_per_cpu_s: frames / (cpuMs / 1000),
  };
}
