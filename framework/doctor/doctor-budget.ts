import { performance } from 'node:perf_hooks';
import type { E2eConfig } from '../config/config.ts';
import { doctorLongRunMs } from './doctor-context.ts';

/**
 * The most the probes after the preflight may take together: each waits within the config's
 * timeouts (seven handshakes, five runs, three single events and the long run at worst), plus
 * slack for closing. The preflight has its own budget.
 */
export function doctorBudgetMs(config: E2eConfig): number {
  const { handshakeMs, eventMs, runMs } = config.timeouts;
  return 7 * handshakeMs + 5 * runMs + 3 * eventMs + doctorLongRunMs(config) + 10_000;
}

/** A deadline shared by the probes: each runs within what is left of it. */
export class DoctorDeadline {
  readonly budgetMs: number;
  readonly #end: number;

  constructor(budgetMs: number, now = performance.now()) {
    this.budgetMs = budgetMs;
    this.#end = now + budgetMs;
  }

  get leftMs(): number {
    return Math.max(0, this.#end - performance.now());
  }

  /** Resolves with `work`, or with undefined once the deadline passes first. */
  async race<T>(work: Promise<T>): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), this.leftMs)));
    try {
      return await Promise.race([work, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
