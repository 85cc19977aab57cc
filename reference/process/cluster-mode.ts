// REF_WORKERS > 1: the auth service runs in the primary, the chat backend in n worker processes
// sharing one port through node:cluster. Runs live in one worker each, so resume is per worker.
import cluster, { type Worker } from 'node:cluster';
import type { ReferenceConfig } from '../config/reference-config.ts';
import { createJsonLogger, type Logger } from '../log/json-logger.ts';
import { startAuthService } from '../stack/start-auth-service.ts';
import { startChatBackend } from '../stack/start-chat-backend.ts';

const AUTH_URL_VARIABLE = 'REF_WORKER_AUTH_URL';

type WorkerMessage = { type: 'ready'; url: string; wsUrl: string } | { type: 'failed'; error: string };

export interface ClusterStack {
  readonly authUrl: string;
  readonly backendUrl: string;
  readonly wsUrl: string;
  close(): Promise<void>;
}

/** Starts auth here and forks the backend workers; resolves once every worker listens. */
export async function startClusterPrimary(config: ReferenceConfig, log: Logger): Promise<ClusterStack> {
  const auth = await startAuthService(config, log);
  let stopping = false;
  const workers: Worker[] = [];
  const ready = await Promise.all(
    Array.from({ length: config.workers }, () => {
      const worker = cluster.fork({ [AUTH_URL_VARIABLE]: auth.url });
      workers.push(worker);
      worker.on('exit', (code, signal) => {
        if (stopping) return;
        if (code === 0) return log.warn('backend worker stopped', { worker_pid: worker.process.pid });
        // A crashed worker is a crashed backend; say so the way a single process would.
        log.error('backend worker died', { worker_pid: worker.process.pid, code, signal });
        process.exit(1);
      });
      return new Promise<{ url: string; wsUrl: string }>((resolve, reject) => {
        worker.on('message', (message: WorkerMessage) => {
          if (message.type === 'ready') resolve(message);
          else reject(new Error(`backend worker failed to start: ${message.error}`));
        });
      });
    }),
  );
  const first = ready[0];
  if (!first) throw new Error('no backend worker started');
  const close = async (): Promise<void> => {
    stopping = true;
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            worker.once('exit', () => resolve());
            worker.send({ type: 'shutdown' });
          }),
      ),
    );
    await auth.close();
  };
  return { authUrl: auth.url, backendUrl: first.url, wsUrl: first.wsUrl, close };
}

/** The body of a backend worker process. */
export async function runBackendWorker(config: ReferenceConfig): Promise<void> {
  const log = createJsonLogger(undefined, { pid: process.pid, worker: cluster.worker?.id });
  const authUrl = process.env[AUTH_URL_VARIABLE];
  const tell = (message: WorkerMessage): void => void process.send?.(message);
  if (!authUrl) return tell({ type: 'failed', error: `${AUTH_URL_VARIABLE} is not set` });
  try {
    const backend = await startChatBackend(config, log, authUrl);
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      void backend.close().finally(() => process.exit(0));
      setTimeout(() => process.exit(0), 2_000).unref();
    };
    process.on('message', (message: { type?: string }) => message.type === 'shutdown' && stop());
    // The primary went away (even by SIGKILL): do not linger as an orphan.
    process.on('disconnect', stop);
    process.on('SIGTERM', stop);
    // Ctrl-C reaches the whole process group; the primary coordinates that shutdown.
    process.on('SIGINT', () => {});
    tell({ type: 'ready', url: backend.url, wsUrl: backend.wsUrl });
  } catch (error) {
    tell({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
}
