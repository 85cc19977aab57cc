import { performance } from 'node:perf_hooks';

/** Live counters of one load run (or of one of its worker processes). */
export interface ProgressCounts {
  planned: number;
  started: number;
  /** Connections open right now. */
  open: number;
  completed: number;
  failed: number;
}

export function emptyCounts(planned = 0): ProgressCounts {
  return { planned, started: 0, open: 0, completed: 0, failed: 0 };
}

export function addCounts(a: ProgressCounts, b: ProgressCounts): ProgressCounts {
  return {
    planned: a.planned + b.planned,
    started: a.started + b.started,
    open: a.open + b.open,
    completed: a.completed + b.completed,
    failed: a.failed + b.failed,
  };
}

/**
 * Prints one line a second while a load runs: started, open, completed, failed, and the rate of
 * golden paths finished over the last second. Silent unless switched on (E2E_LOAD_PROGRESS).
 */
export function startProgress(
  name: string,
  read: () => ProgressCounts,
  write: (line: string) => void = (l) => void process.stderr.write(`${l}\n`),
): () => void {
  let last = { at: performance.now(), done: 0 };
  const tick = (): void => {
    const c = read();
    const now = performance.now();
    const done = c.completed + c.failed;
    const rate = ((done - last.done) * 1000) / Math.max(1, now - last.at);
    last = { at: now, done };
    write(
      `[load ${name}] ${c.started}/${c.planned} started · ${c.open} connected · ${c.completed} completed · ${c.failed} failed · ${rate.toFixed(1)}/s`,
    );
  };
  const timer = setInterval(tick, 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
    tick();
  };
}
