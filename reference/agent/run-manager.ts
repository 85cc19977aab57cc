import { randomBytes } from 'node:crypto';
import type { ErrorFrame, ResumeMessage, RunEvent, UserMessage } from '../contract/agent-chat-types.ts';
import type { ActiveDialects } from '../dialects/dialect-registry.ts';
import type { ActiveFaults } from '../faults/fault-registry.ts';
import { errorMessage, type Logger } from '../log/json-logger.ts';
import { createAgentChatPlanner } from './agent-chat-planner.ts';
import { scriptFor, type ScriptStep } from './agent-script.ts';
import { closeRunListeners, deliverEvent } from './run-delivery.ts';
import { RunExecutor, type PacedStep } from './run-executor.ts';
import { RunStore } from './run-store.ts';
import { Run, type RunSubscriber } from './run.ts';

export interface RunManagerOptions {
  readonly stepMs: number;
  readonly keepaliveMs: number;
  readonly longRunMs: number;
  readonly faults: ActiveFaults;
  readonly dialects: ActiveDialects;
  readonly log: Logger;
  /** Every open connection, for the broadcast_events fault. */
  readonly connections: () => Iterable<RunSubscriber>;
  readonly store?: RunStore;
}

/** Starts runs for user messages, and replays them on resume, to their owner only. */
export class RunManager {
  private readonly store: RunStore;
  private readonly executors = new Set<RunExecutor<RunEvent>>();
  private started = 0;
  private stopped = false;

  constructor(private readonly options: RunManagerOptions) {
    this.store = options.store ?? new RunStore();
  }

  start(owner: RunSubscriber, message: UserMessage): Run {
    const id = `run_${randomBytes(8).toString('hex')}`;
    const threadId = message.thread_id ?? `thread_${randomBytes(8).toString('hex')}`;
    const run = new Run({ id, userId: owner.userId, threadId, messageId: message.id });
    run.subscribers.add(owner);
    this.store.add(run);
    const { faults, log } = this.options;
    this.started += 1;
    const script = scriptFor(message.content, {
      runId: id,
      longRunMs: this.options.longRunMs,
      longRuns: !this.options.dialects.has('short_runs'),
    });
    const everyone = (): Iterable<RunSubscriber> | undefined =>
      faults.broadcast_events ? this.options.connections() : undefined;
    const executor = new RunExecutor(
      script.map((step) => paced(run, step)),
      {
        stepMs: this.options.stepMs,
        keepaliveMs: this.options.keepaliveMs,
        // no_keepalive: long waits stay silent.
        keepalive: faults.no_keepalive ? undefined : (waitedMs) => stillWorking(run, waitedMs),
        plan: createAgentChatPlanner(faults, this.started),
        publish: (event) => {
          run.events.push(event);
          deliverEvent(run, event, everyone());
        },
        repeat: (event) => deliverEvent(run, event, everyone()),
        closeWith1011: () => closeRunListeners(run),
      },
    );
    this.executors.add(executor);
    log.info('run start', { run_id: id, user_id: run.userId, connection_id: owner.id, thread_id: threadId });
    executor
      .execute()
      .then((state) => {
        run.state = state;
        log.info('run end', { run_id: id, state, events: run.events.length, duration_ms: Date.now() - run.startedAt });
      })
      .catch((error: unknown) => {
        run.state = 'failed';
        // A genuine internal fault: the only case where 1011 is the honest answer.
        log.error('run failed', { run_id: id, error: errorMessage(error) });
        closeRunListeners(run);
      })
      .finally(() => {
        this.executors.delete(executor);
        if (!this.stopped) this.store.retire(run);
      });
    return run;
  }

  /** Replays what the client missed, then keeps it subscribed while the run goes on. */
  resume(client: RunSubscriber, message: ResumeMessage): ErrorFrame | undefined {
    // The connection's handler turns this into close 1011, as it would a real bug here.
    if (this.options.faults.close_1011_on_resume)
      throw new Error(`resume of ${message.run_id} failed (fault close_1011_on_resume)`);
    const run = this.store.get(message.run_id);
    if (!run) return { type: 'error', code: 'unknown_run', message: `no run ${message.run_id} (unknown or expired)` };
    if (run.userId !== client.userId && !this.options.faults.resume_ignores_owner) {
      this.options.log.warn('resume refused', { run_id: run.id, user_id: client.userId, reason: 'forbidden' });
      return { type: 'error', code: 'forbidden', message: 'that run belongs to another user' };
    }
    const { faults } = this.options;
    // Both faults act whether or not the run emitted anything while the client was away: a client
    // that reconnects before the run's next event must see the defect too.
    // Off by one: the event the client last had is replayed with what it missed.
    const missed = run.eventsAfter(faults.resume_duplicates_event ? message.after_seq - 1 : message.after_seq);
    // The first event after the resume point is lost: a replayed one, or else the next one sent live.
    let loseNextLive = faults.resume_loses_event === true;
    if (loseNextLive && missed.length > 0) {
      missed.shift();
      loseNextLive = false;
    }
    for (const event of missed) client.send(event);
    if (run.live) run.subscribers.add(loseNextLive ? losingFirstSend(client) : client);
    this.options.log.info('run resumed', {
      run_id: run.id,
      connection_id: client.id,
      after_seq: message.after_seq,
      replayed: missed.length,
    });
    return undefined;
  }

  /** Stops every run in flight (shutdown) and forgets them all. */
  stopAll(): void {
    this.stopped = true;
    for (const executor of this.executors) executor.stop();
    this.executors.clear();
    this.store.clear();
  }
}

/** The agent_thinking a long wait says every keepalive/2, so that idle-cutting proxies keep the socket. */
function stillWorking(run: Run, waitedMs: number): RunEvent {
  return run.nextEvent('agent_thinking', { text: `Still working (${Math.round(waitedMs / 1000)}s).`, keepalive: true });
}

/** A script step as the executor plays it: the event is numbered when its turn comes. */
function paced(run: Run, step: ScriptStep): PacedStep<RunEvent> {
  return step.kind === 'wait' ? step : { kind: 'event', build: () => run.nextEvent(step.type, step.data) };
}

/** The subscriber, except that the first event sent to it is lost (the resume_loses_event fault). */
function losingFirstSend(client: RunSubscriber): RunSubscriber {
  let lost = false;
  return {
    id: client.id,
    userId: client.userId,
    send: (frame) => (lost ? client.send(frame) : (lost = true)),
    close: (code, reason) => client.close(code, reason),
  };
}
