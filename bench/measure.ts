import { performance } from 'node:perf_hooks';
import pLimit from 'p-limit';
import { TokenFactory } from '../framework/auth/token-factory.ts';
import { connectSession, type Session } from './session.ts';
import type { AgentTask, TokenKey } from './tasks.ts';

export const PROMPT = 'What is the weather in Paris?';
export const TIMEOUT_MS = 10_000;

/** Tokens for users offset..offset+n-1, minted before any clock starts. */
export async function mintTokens(key: TokenKey, offset: number, n: number): Promise<string[]> {
  const factory = await TokenFactory.create(key);
  const tokens: string[] = [];
  for (let i = 0; i < n; i += 1) tokens.push(await factory.valid({ id: `bench_u${offset + i}` }));
  return tokens;
}

/** CPU time of this process in ms since `from` (process.cpuUsage()). */
export function cpuMsSince(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

export function sourceFor(task: AgentTask, i: number): string | undefined {
  return task.sources.length > 0 ? task.sources[i % task.sources.length] : undefined;
}

/** Opens `tokens.length` sessions, `concurrency` handshakes in flight; failures are counted, not thrown. */
export async function openSessions(
  task: AgentTask,
  tokens: string[],
  concurrency: number,
  stopAt = Number.POSITIVE_INFINITY,
): Promise<{ sessions: Session[]; failed: number; errors: Record<string, number> }> {
  const limit = pLimit(concurrency);
  const sessions: Session[] = [];
  const errors: Record<string, number> = {};
  let failed = 0;
  await Promise.all(
    tokens.map((token, i) =>
      limit(async () => {
        if (performance.now() > stopAt) return;
        try {
          sessions.push(
            await connectSession(task.kind, {
              url: task.url,
              token,
              localAddress: sourceFor(task, i),
              timeoutMs: TIMEOUT_MS,
            }),
          );
        } catch (error) {
          failed += 1;
          const key = (error instanceof Error ? error.message : String(error))
            .replace(/\n[\s\S]*/, '')
            .replace(/^bench: /, '')
            .slice(0, 60);
          errors[key] = (errors[key] ?? 0) + 1;
        }
      }),
    ),
  );
  return { sessions, failed, errors };
}

/** Closes sessions, a few hundred at a time. */
export async function closeSessions(sessions: Session[]): Promise<void> {
  const limit = pLimit(500);
  await Promise.all(sessions.map((s) => limit(() => s.close().catch(() => undefined))));
}
