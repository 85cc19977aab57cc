import { Run } from './run.ts';

export interface RunStoreLimits {
  /** Runs kept per user; the oldest is forgotten first. */
  readonly perUser: number;
  /** How long a finished run stays resumable. */
  readonly retainMs: number;
}

const DEFAULT_RUN_LIMITS: RunStoreLimits = { perUser: 100, retainMs: 5 * 60_000 };

/** Runs by id, bounded per user, each dropped a while after it finishes. */
export class RunStore {
  private readonly runs = new Map<string, Run>();
  private readonly byUser = new Map<string, string[]>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly limits: RunStoreLimits = DEFAULT_RUN_LIMITS) {}

  add(run: Run): void {
    this.runs.set(run.id, run);
    const ids = this.byUser.get(run.userId) ?? [];
    ids.push(run.id);
    this.byUser.set(run.userId, ids);
    while (ids.length > this.limits.perUser) {
      const oldest = ids.shift();
      if (oldest !== undefined) this.runs.delete(oldest);
    }
  }

  get(runId: string): Run | undefined {
    return this.runs.get(runId);
  }

  /** Call when the run has finished: it stays resumable for retainMs. */
  retire(run: Run): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.forget(run);
    }, this.limits.retainMs);
    timer.unref();
    this.timers.add(timer);
  }

  all(): IterableIterator<Run> {
    return this.runs.values();
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.runs.clear();
    this.byUser.clear();
  }

  private forget(run: Run): void {
    this.runs.delete(run.id);
    const ids = this.byUser.get(run.userId);
    if (!ids) return;
    const index = ids.indexOf(run.id);
    if (index !== -1) ids.splice(index, 1);
    if (ids.length === 0) this.byUser.delete(run.userId);
  }
}
