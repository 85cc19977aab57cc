import { execFile } from 'node:child_process';
import { getContainerRuntimeClient } from 'testcontainers';

/**
 * Why no Docker engine can be used here, or undefined when one answers both testcontainers and
 * the `docker` command (compose and the image tests drive the command; testcontainers falls back
 * to /var/run/docker.sock where the command obeys DOCKER_HOST alone).
 */
export async function engineProblem(): Promise<string | undefined> {
  const client = await getContainerRuntimeClient().then(
    () => undefined,
    (e: Error) => e.message,
  );
  if (client) return client;
  return new Promise((resolve) => {
    execFile(
      'docker',
      ['version', '--format', '{{.Server.Version}}'],
      { timeout: 15_000, killSignal: 'SIGKILL' },
      (error, _stdout, stderr) => {
        const why =
          (error as NodeJS.ErrnoException | null)?.code === 'ENOENT'
            ? 'no `docker` command on PATH'
            : stderr.trim().split('\n').at(-1) || error?.message;
        resolve(error ? `docker version: ${why}` : undefined);
      },
    );
  });
}

/** Skips the test, with the reason printed, when `problem` says there is no engine. */
export function skipWithoutEngine(problem: string | undefined, skip: (note: string) => void): void {
  if (!problem) return;
  console.log(`skipped: no Docker engine reachable (${problem})`);
  skip(`no Docker engine reachable (${problem})`);
}

// The harness takes its stack down itself; the reaper is an image from Docker Hub, which a runner
// without a registry cannot pull. The caller's own setting wins.
export const NO_REAPER = { TESTCONTAINERS_RYUK_DISABLED: process.env.TESTCONTAINERS_RYUK_DISABLED ?? 'true' };
