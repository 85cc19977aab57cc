import { randomBytes } from 'node:crypto';
import type { Event as AgUiEvent, RunAgentInput } from '@ag-ui/core';
import { scriptFor } from '../agent/agent-script.ts';
import { keepaliveEvery, RunExecutor } from '../agent/run-executor.ts';
import type { RunState } from '../agent/run.ts';
import type { ActiveDialects } from '../dialects/dialect-registry.ts';
import type { ActiveFaults } from '../faults/fault-registry.ts';
import { errorMessage, type Logger } from '../log/json-logger.ts';
import { createAgUiPlanner } from './ag-ui-planner.ts';
import { agUiStepsFor, scriptRunId } from './ag-ui-steps.ts';

/** Where an AG-UI run's events go: an SSE response or a WebSocket. */
export interface AgUiSink {
  readonly transport: 'sse' | 'ws';
  /** For the log: the connection, or the request. */
  readonly id: string;
  /** Writes one event; false once the peer has gone. */
  send(event: AgUiEvent): boolean;
  /** Says something that is not an event during a long wait (an SSE comment); absent: the wait is silent. */
  readonly keepalive?: () => void;
  /** Ends the stream abruptly, as a crashed upstream does (close_1011_after, close_1011_rate). */
  fail(): void;
}

export interface AgUiRun {
  /** How the run ended; never rejects. `stalled` leaves the stream open, its keepalive going on. */
  readonly done: Promise<RunState>;
  /** Stops the run, or the keepalive of a stalled one; call it when the peer has gone. */
  stop(): void;
}

export interface AgUiRunnerOptions {
  readonly stepMs: number;
  readonly keepaliveMs: number;
  readonly longRunMs: number;
  readonly faults: ActiveFaults;
  readonly dialects: ActiveDialects;
  readonly log: Logger;
}

/** Plays the scripted agent for RunAgentInputs (the ag_ui dialect), on the executor agent_chat runs use. */
export class AgUiRunner {
  private readonly runs = new Set<AgUiRun>();
  /** The sinks of the runs in flight, for the broadcast_events fault. */
  private readonly sinks = new Set<AgUiSink>();
  private started = 0;

  constructor(private readonly options: AgUiRunnerOptions) {}

  start(input: RunAgentInput, prompt: string, sink: AgUiSink): AgUiRun {
    const { faults, log } = this.options;
    const tag = randomBytes(6).toString('hex');
    this.started += 1;
    const script = scriptFor(prompt, {
      runId: scriptRunId(tag),
      longRunMs: this.options.longRunMs,
      longRuns: !this.options.dialects.has('short_runs'),
    });
    let sent = 0;
    this.sinks.add(sink);
    const deliver = (event: AgUiEvent): void => {
      if (sink.send(event)) sent += 1;
      // broadcast_events: every other stream or socket with a run in flight gets this run's events too.
      if (faults.broadcast_events) for (const other of this.peersOf(sink)) other.send(event);
    };
    const keepalive = faults.no_keepalive ? undefined : sink.keepalive;
    const executor: RunExecutor<AgUiEvent> = new RunExecutor(
      agUiStepsFor(script, { threadId: input.threadId, runId: input.runId, tag }),
      {
        stepMs: this.options.stepMs,
        keepaliveMs: this.options.keepaliveMs,
        keepalive: keepalive && (() => void keepalive()),
        plan: createAgUiPlanner(faults, this.started),
        publish: deliver,
        repeat: deliver,
        // The stream is gone: nothing more of this run can reach anyone.
        closeWith1011: () => {
          sink.fail();
          executor.stop();
        },
      },
    );
    const fields = { run_id: input.runId, thread_id: input.threadId, transport: sink.transport, peer: sink.id };
    log.info('ag-ui run start', fields);
    const startedAt = Date.now();
    // A stalled run's stream stays open and keeps saying so, as a WebSocket's pings go on.
    let heartbeat: NodeJS.Timeout | undefined;
    let stopped = false;
    const run: AgUiRun = {
      done: executor
        .execute()
        .then((state) => {
          log.info('ag-ui run end', { ...fields, state, events: sent, duration_ms: Date.now() - startedAt });
          if (state === 'stalled' && keepalive && !stopped)
            heartbeat = setInterval(keepalive, keepaliveEvery(this.options.keepaliveMs));
          return state;
        })
        .catch((error: unknown): RunState => {
          // A genuine internal fault: the stream is cut, as a crashed upstream's would be.
          log.error('ag-ui run failed', { ...fields, error: errorMessage(error) });
          sink.fail();
          return 'failed';
        }),
      stop: () => {
        stopped = true;
        executor.stop();
        clearInterval(heartbeat);
        this.runs.delete(run);
        this.sinks.delete(sink);
      },
    };
    this.runs.add(run);
    void run.done.then((state) => state !== 'stalled' && (this.runs.delete(run), this.sinks.delete(sink)));
    return run;
  }

  /** The other peers with a run in flight, one sink each (a socket runs several). */
  private peersOf(sink: AgUiSink): AgUiSink[] {
    const byPeer = new Map<string, AgUiSink>();
    for (const other of this.sinks) if (other.id !== sink.id) byPeer.set(other.id, other);
    return [...byPeer.values()];
  }

  /** Stops every run in flight (shutdown). */
  stopAll(): void {
    for (const run of [...this.runs]) run.stop();
  }
}
