import { setTimeout as sleep } from 'node:timers/promises';
import type { RunEvent } from '../contract/agent-chat-types.ts';
import type { ScriptStep } from './agent-script.ts';
import type { EmissionPlanner } from './emission-faults.ts';
import type { Run } from './run.ts';

export interface RunExecutorOptions {
  readonly stepMs: number;
  readonly keepaliveMs: number;
  /** no_keepalive: long waits stay silent. */
  readonly silentWaits: boolean;
  readonly plan: EmissionPlanner;
  /** Log the event and deliver it to the run's listeners. */
  readonly publish: (run: Run, event: RunEvent) => void;
  /** Deliver again without logging (duplicate_event). */
  readonly repeat: (run: Run, event: RunEvent) => void;
  /** Close the run's connections with 1011 (a fault, or a genuine internal error). */
  readonly closeWith1011: (run: Run) => void;
}

/**
 * Plays a script for a run in real time: events stepMs apart, keepalive thinking during long
 * waits. Resolves with the final state; abort() stops it (shutdown).
 */
export class RunExecutor {
  private readonly abort = new AbortController();

  constructor(
    private readonly run: Run,
    private readonly steps: readonly ScriptStep[],
    private readonly options: RunExecutorOptions,
  ) {}

  async execute(): Promise<Run['state']> {
    try {
      let first = true;
      for (const step of this.steps) {
        if (step.kind === 'wait') {
          if ((await this.wait(step.ms)) === 'stall') return (this.run.state = 'stalled');
          continue;
        }
        if (!first) await sleep(this.options.stepMs, undefined, { signal: this.abort.signal });
        first = false;
        if (this.emit(this.run.nextEvent(step.type, step.data)) === 'stall') return (this.run.state = 'stalled');
      }
      return (this.run.state = 'completed');
    } catch (error) {
      if (this.abort.signal.aborted) return (this.run.state = 'aborted');
      this.run.state = 'failed';
      throw error;
    }
  }

  stop(): void {
    this.abort.abort();
  }

  private emit(event: RunEvent): 'stall' | undefined {
    for (const action of this.options.plan(event)) {
      if (action.kind === 'publish') this.options.publish(this.run, action.event);
      else if (action.kind === 'repeat') this.options.repeat(this.run, action.event);
      else if (action.kind === 'close_1011') this.options.closeWith1011(this.run);
      else return 'stall';
    }
    return undefined;
  }

  // Speak at least every keepalive/2 so that idle-cutting proxies keep the stream open.
  private async wait(ms: number): Promise<'stall' | undefined> {
    const signal = this.abort.signal;
    if (this.options.silentWaits) return void (await sleep(ms, undefined, { signal }));
    const every = Math.max(1, Math.floor(this.options.keepaliveMs / 2));
    let waited = 0;
    while (ms - waited > every) {
      await sleep(every, undefined, { signal });
      waited += every;
      const text = `Still working (${Math.round(waited / 1000)}s).`;
      if (this.emit(this.run.nextEvent('agent_thinking', { text, keepalive: true })) === 'stall') return 'stall';
    }
    await sleep(ms - waited, undefined, { signal });
    return undefined;
  }
}
