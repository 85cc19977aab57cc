import { performance } from 'node:perf_hooks';
import pLimit from 'p-limit';

export interface ModelHooks {
  /** Runs one user whose intended start is `startAt` (performance.now()); never rejects. */
  start(index: number, startAt: number): Promise<void>;
  /** A user the run did not get to: past the wall-clock bound (`byClock`), or no room in the client. */
  skip(index: number, why: string, byClock: boolean): void;
  /** performance.now() after which nothing more is started. */
  deadline: number;
}

/**
 * Fixed concurrency: `concurrency` users in flight, each next one starting when one finishes.
 * Latency is measured from each user's actual start, which is its intended start in this model.
 */
export async function runClosedModel(users: readonly number[], concurrency: number, hooks: ModelHooks): Promise<void> {
  const limit = pLimit(concurrency);
  await Promise.all(
    users.map((index) =>
      limit(async () => {
        const now = performance.now();
        if (now >= hooks.deadline) return hooks.skip(index, 'not started: the wall-clock bound was reached', true);
        await hooks.start(index, now);
      }),
    ),
  );
}
