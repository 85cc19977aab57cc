import { execFile } from 'node:child_process';

export interface DockerResult {
  code: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/**
 * `docker ARGS`, never longer than `timeoutMs` (then SIGKILL, code null), never throwing: the
 * caller asserts on the code and shows the output. `env` is added to this process's environment,
 * so that `-e NAME` hands a secret to a container without putting it on a command line.
 */
export function docker(args: string[], o: { timeoutMs: number; env?: Record<string, string> }): Promise<DockerResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      'docker',
      args,
      { timeout: o.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...o.env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr, durationMs: Date.now() - started });
      },
    );
  });
}

/** Polls the container's health status until `healthy`, for at most `timeoutMs`; returns the last status. */
export async function healthy(container: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let status = '';
  while (Date.now() < deadline) {
    status = (
      await docker(['inspect', '-f', '{{.State.Health.Status}}', container], { timeoutMs: 10_000 })
    ).stdout.trim();
    if (status === 'healthy' || status === 'unhealthy') return status;
    await new Promise((r) => setTimeout(r, 500));
  }
  return status || 'no status';
}
