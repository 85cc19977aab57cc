import { setTimeout as sleep } from 'node:timers/promises';
import type { EmissionPlanner } from './emission-faults.ts';
import type { RunState } from './run.ts';

/** How often a long wait speaks: every half of the longest silence allowed. */
export function keepaliveEvery(keepaliveMs: number): number {
  return Math.max(1, Math.floor(keepaliveMs / 2));
}

/** One step of a run as the executor plays it: an event, built when its turn comes, or a long wait. */
export type PacedStep<E> =
  { readonly kind: 'event'; readonly build: () => E } | { readonly kind: 'wait'; readonly ms: number };

export interface RunExecutorOptions<E> {
  readonly stepMs: number;
  readonly keepaliveMs: number;
  /**
   * What to say every keepalive/2 of a long wait: an event to emit (faults apply to it), or
   * undefined when the transport has spoken by itself (an SSE comment). Undefined: waits are silent.
   */
  readonly keepalive: ((waitedMs: number) => E | undefined) | undefined;
  readonly plan: EmissionPlanner<E>;
  /** Log the event and deliver it to the run's listeners. */
  readonly publish: (event: E) => void;
  /** Deliver again without logging (duplicate_event). */
  readonly repeat: (event: E) => void;
  /** Close the run's connections with 1011 (a fault, or a genuine internal error). */
  readonly closeWith1011: () => void;
}

/**
 * Plays a run's steps in real time, whatever its wire contract: events stepMs apart, keepalives
 * during long waits, faults applied per event. Resolves with the final state; stop() aborts it.
 */
export class RunExecutor<E> {
  private readonly abort = new AbortController();

  constructor(
    private readonly steps: readonly PacedStep<E>[],
    private readonly options: RunExecutorOptions<E>,
  ) {}

  async execute(): Promise<Exclude<RunState, 'running' | 'failed'>> {
    try {
      let first = true;
      for (const step of this.steps) {
        if (step.kind === 'wait') {
          if ((await this.wait(step.ms)) === 'stall') return 'stalled';
          continue;
        }
        if (!first) await sleep(this.options.stepMs, undefined, { signal: this.abort.signal });
        first = false;
        if (this.emit(step.build()) === 'stall') return 'stalled';
      }
      return 'completed';
    } catch (error) {
      if (this.abort.signal.aborted) return 'aborted';
      throw error;
    }
  }

  stop(): void {
    this.abort.abort();
  }

  private emit(event: E): 'stall' | undefined {
    for (const action of this.options.plan(event)) {
      if (action.kind === 'publish') this.options.publish(action.event);
      else if (action.kind === 'repeat') this.options.repeat(action.event);
      else if (action.kind === 'close_1011') this.options.closeWith1011();
      else return 'stall';
    }
    return undefined;
  }

  // Speak at least every keepalive/2 so that idle-cutting proxies keep the stream open.
  private async wait(ms: number): Promise<'stall' | undefined> {
    const signal = this.abort.signal;
    const { keepalive } = this.options;
    if (!keepalive) return void (await sleep(ms, undefined, { signal }));
    const every = keepaliveEvery(this.options.keepaliveMs);
    let waited = 0;
    while (ms - waited > every) {
      await sleep(every, undefined, { signal });
      waited += every;
      const event = keepalive(waited);
      if (event !== undefined && this.emit(event) === 'stall') return 'stall';
    }
    await sleep(ms - waited, undefined, { signal });
    return undefined;
  }
}
