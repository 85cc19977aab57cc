import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../config/load-config.ts';
import { E2eError } from '../errors.ts';
import type { ProgressCounts } from './load-progress.ts';
import type { PartResult } from './run-part.ts';
import type { FromWorker, WorkerPart } from './worker-messages.ts';

const WORKER = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

/**
 * Runs each part in its own process (its own event loop and its own fd limit) and collects
 * their results. A worker that dies or outlives `timeoutMs` fails the run with E2E_LOAD_WORKER_FAILED.
 */
export async function runInWorkers(
  parts: WorkerPart[],
  timeoutMs: number,
  onCounts: (worker: number, counts: ProgressCounts) => void,
): Promise<PartResult[]> {
  return Promise.all(parts.map((part, worker) => runWorker(part, worker, timeoutMs, onCounts)));
}

function runWorker(
  part: WorkerPart,
  worker: number,
  timeoutMs: number,
  onCounts: (worker: number, counts: ProgressCounts) => void,
): Promise<PartResult> {
  const child = fork(WORKER, [], {
    cwd: PROJECT_ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<PartResult>((resolve, reject) => {
    let result: PartResult | undefined;
    let failure: string | undefined;
    const timer = setTimeout(() => {
      failure = `did not finish within ${timeoutMs} ms`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('message', (message: FromWorker) => {
      if (message.type === 'error') failure = message.message;
      else {
        onCounts(worker, message.counts);
        if (message.type === 'result') result = message.result;
      }
    });
    child.once('error', (error) => (failure ??= error.message));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (result) return resolve(result);
      const why = failure ?? `exited (${signal ?? `code ${code}`}) without a result`;
      reject(new E2eError('E2E_LOAD_WORKER_FAILED', `load worker ${worker + 1} ${why}`));
    });
    child.send({ type: 'run', part });
  });
}
