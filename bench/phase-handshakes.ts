import { performance } from 'node:perf_hooks';
import pLimit from 'p-limit';
import { connectSession } from './session.ts';
import { cpuMsSince, mintTokens, sourceFor, TIMEOUT_MS } from './measure.ts';
import type { AgentTask, Figures } from './tasks.ts';

/** Handshakes per second: connect → connection_established → close, `concurrency` at a time. */
export async function measureHandshakes(task: Extract<AgentTask, { phase: 'handshakes' }>): Promise<Figures> {
  const tokens = await mintTokens(task.key, task.userOffset, task.users);
  const limit = pLimit(task.concurrency);
  let ok = 0;
  let failed = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    tokens.map((token, i) =>
      limit(async () => {
        try {
          const session = await connectSession(task.kind, {
            url: task.url,
            token,
            localAddress: sourceFor(task, i),
            timeoutMs: TIMEOUT_MS,
          });
          ok += 1;
          await session.close();
        } catch {
          failed += 1;
        }
      }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  return { handshakes: ok, failed, seconds, handshakes_per_s: ok / seconds, cpu_ms: cpuMsSince(cpu) };
}
