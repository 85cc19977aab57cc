import { performance } from 'node:perf_hooks';
import { closeSessions, mintTokens, openSessions, PROMPT } from './measure.ts';
import type { AgentTask, Figures } from './tasks.ts';

const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  collect?.();
};

/**
 * Opens as many connections as asked (or as fit before `maxMs`), all waiting for
 * connection_established, and holds them; reports how many are open at once and the memory they
 * cost, proves a sample still works, then waits for `release` before closing them all.
 */
export async function holdConnections(
  task: Extract<AgentTask, { phase: 'hold' }>,
  held: (f: Figures) => Promise<void>,
): Promise<Figures> {
  const tokens = await mintTokens(task.key, task.userOffset, task.users);
  gc();
  const rssBefore = process.memoryUsage.rss();
  const started = performance.now();
  const { sessions, failed, errors } = await openSessions(task, tokens, task.concurrency, started + task.maxMs);
  const connectS = (performance.now() - started) / 1000;
  gc();
  const rssAfter = process.memoryUsage.rss();
  // The held connections are alive: a sample of them completes a golden path.
  const sample = sessions
    .filter((_, i) => i % Math.max(1, Math.floor(sessions.length / task.verify)) === 0)
    .slice(0, task.verify);
  const verified = (await Promise.all(sample.map((s) => s.run(PROMPT).catch(() => ({ ok: false }))))).filter(
    (r) => r.ok,
  ).length;
  const figures: Figures = {
    held: sessions.length,
    failed,
    connect_s: connectS,
    rss_before: rssBefore,
    rss_after: rssAfter,
    rss_per_conn: sessions.length > 0 ? (rssAfter - rssBefore) / sessions.length : 0,
    verified,
    verify_sample: sample.length,
  };
  for (const [why, n] of Object.entries(errors).slice(0, 3)) figures[`error: ${why}`] = n;
  await held(figures);
  const closing = performance.now();
  await closeSessions(sessions);
  return { ...figures, close_s: (performance.now() - closing) / 1000 };
}
