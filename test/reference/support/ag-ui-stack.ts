import { startReferenceStack, type ReferenceStack } from '../../../reference/index.ts';
import { login } from './reference-http.ts';

export type LogLine = Record<string, unknown> & { msg: string };

export interface AgUiStackContext {
  readonly stack: ReferenceStack;
  readonly alice: string;
  readonly logs: LogLine[];
  /** Resolves with the first log line (seen or future) matching; rejects after timeoutMs. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

/**
 * Starts a stack speaking AG-UI (REF_DIALECT=ag_ui plus `env`), keeps its JSON log so that a test
 * can wait on what the server decided, logs alice in, and always closes it.
 */
export async function withAgUiStack<T>(
  env: Record<string, string>,
  body: (context: AgUiStackContext) => Promise<T>,
): Promise<T> {
  const logs: LogLine[] = [];
  const wakers = new Set<() => void>();
  const stack = await startReferenceStack({
    env: { REF_STEP_MS: '1', ...env, REF_DIALECT: ['ag_ui', env['REF_DIALECT']].filter(Boolean).join(',') },
    log: (line) => {
      logs.push(JSON.parse(line) as LogLine);
      for (const wake of [...wakers]) wake();
    },
  });
  const waitForLog = (match: (line: LogLine) => boolean, timeoutMs = 3_000): Promise<LogLine> =>
    new Promise((resolve, reject) => {
      const attempt = (): void => {
        const line = logs.find(match);
        if (line === undefined) return;
        cleanup();
        resolve(line);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for a log line; saw: ${logs.map((l) => l.msg).join(', ')}`,
          ),
        );
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        wakers.delete(attempt);
      };
      wakers.add(attempt);
      attempt();
    });
  try {
    return await body({ stack, alice: await login(stack.authUrl), logs, waitForLog });
  } finally {
    await stack.close();
  }
}
