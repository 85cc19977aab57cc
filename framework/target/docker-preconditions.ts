import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { getReaper, type ContainerRuntimeClient } from 'testcontainers';
import type { E2eConfig } from '../config/config.ts';
import { E2eError } from '../errors.ts';

const REAPER_IMAGE = process.env.RYUK_CONTAINER_IMAGE ?? 'testcontainers/ryuk';

/**
 * What `docker compose up` needs besides the engine, each checked in seconds and named when
 * missing: the Compose v2 plugin, the published ports free on this machine, testcontainers'
 * reaper container. Left to `up`, each of them failed as "did not come up healthy".
 */
export async function checkComposePreconditions(config: E2eConfig, client: ContainerRuntimeClient): Promise<void> {
  await composeAvailable();
  const ports = new Map<string, string>();
  for (const [name, url] of [
    ['E2E_BACKEND_URL', config.backendUrl],
    ['E2E_AUTH_URL', config.authUrl],
  ] as const) {
    const u = url ? new URL(url) : undefined;
    if (u && isLoopback(u.hostname) && !ports.has(u.port)) ports.set(u.port, name);
  }
  for (const [port, name] of ports) await portFree(Number(port), name);
  await reaperStarted(client);
}

// testcontainers drives `docker compose` (the v2 plugin), not the old docker-compose binary.
function composeAvailable(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('docker', ['compose', 'version'], { timeout: 15_000 }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      const why =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'no `docker` command on PATH'
          : firstLine(stderr) || error.message;
      reject(
        new E2eError(
          'E2E_TARGET_START_FAILED',
          `docker target: \`docker compose\` is not available (${why}): install the Docker Compose v2 plugin, or use the embedded stack: E2E_ENV=local`,
          { cause: error },
        ),
      );
    });
  });
}

function portFree(port: number, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE'
          ? 'is already in use (another stack, or a container of an earlier run: docker ps)'
          : `cannot be bound (${error.code ?? error.message})`;
      reject(
        new E2eError(
          'E2E_TARGET_START_FAILED',
          `docker target: port ${port} on 127.0.0.1, from ${variable}, ${why}; stop what holds it or change the port in the env file`,
          { cause: error },
        ),
      );
    });
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

// The reaper removes the stack if the harness dies; it is an image pulled from Docker Hub.
async function reaperStarted(client: ContainerRuntimeClient): Promise<void> {
  if (process.env.TESTCONTAINERS_RYUK_DISABLED === 'true') return;
  try {
    await getReaper(client);
  } catch (error) {
    throw new E2eError(
      'E2E_TARGET_START_FAILED',
      `docker target: testcontainers could not start its reaper container (${REAPER_IMAGE}): ${firstLine(error instanceof Error ? error.message : String(error))}; where no image registry is reachable, set TESTCONTAINERS_RYUK_DISABLED=true (the harness takes its stack down itself)`,
      { cause: error },
    );
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]!.trim();
}
