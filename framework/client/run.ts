import { performance } from 'node:perf_hooks';
import type { Contract } from '../contract/types.ts';
import type { CloseInfo, ReceivedEvent } from './received.ts';
import type { Timeline } from './timeline.ts';
import { CLIENT_DEFAULTS } from './client-defaults.ts';

export interface RunOptions {
  threadId?: string;
  /** Longest silence within the run before it is declared stalled. */
  eventTimeoutMs?: number | undefined;
  /** Longest the whole run may take. */
  runTimeoutMs?: number | undefined;
  /** Quiet window after completion, to catch duplicate or late events of the run. */
  settleMs?: number;
}

/** `failed`: the server ended the run with the contract's failure event (AG-UI's RUN_ERROR). */
export type RunOutcome = 'completed' | 'failed' | 'stalled' | 'closed' | 'timeout';

/** One user message and everything the server sent for it. */
export interface Run {
  client: string;
  content: string;
  messageId: string;
  runId: string | undefined;
  sentAt: number;
  /** This run's events in arrival order. */
  events: ReceivedEvent[];
  outcome: RunOutcome;
  /** Why the run ended, when it did not complete. */
  detail: string;
  answer: string | undefined;
  /** The owning client's timeline as it stood when the run ended (rendered on first read). */
  timeline: string;
  /** The contract the run was spoken in: the matchers judge it by this one. */
  contract: Contract;
}

/**
 * A run just sent, before any event: it has not completed until its completion event says so. Its
 * `timeline` is rendered on first read, from the timeline `endRun` names (rendering and redacting a
 * timeline costs more than collecting the run, and most runs pass).
 */
class SentRun implements Run {
  client: string;
  content: string;
  messageId: string;
  runId: string | undefined = undefined;
  sentAt = performance.now();
  events: ReceivedEvent[] = [];
  outcome: RunOutcome = 'timeout';
  detail = '';
  answer: string | undefined = undefined;
  contract: Contract;
  #source: Timeline | undefined;
  #mark = 0;
  #rendered: string | undefined;

  constructor(o: { client: string; contract: Contract; content: string; messageId: string }) {
    this.client = o.client;
    this.contract = o.contract;
    this.content = o.content;
    this.messageId = o.messageId;
  }

  get timeline(): string {
    if (this.#rendered === undefined && this.#source) this.#rendered = this.#source.render(80, this.#mark);
    return this.#rendered ?? '';
  }

  set timeline(value: string) {
    this.#rendered = value;
  }

  /** The run has ended: its timeline is `source` as it stands now (marked by its size, which counts elided entries too). */
  endRun(source: Timeline): void {
    this.#source = source;
    this.#mark = source.size;
  }
}

export function startedRun(o: { client: string; contract: Contract; content: string; messageId: string }): Run {
  return new SentRun(o);
}

/** What collectRun needs of a connection; a ChatClient is one. */
export interface RunConnection {
  readonly label: string;
  readonly contract: Contract;
  readonly timeline: Timeline;
  sendUserMessage(content: string, threadId?: string): string;
  subscribe(listener: (event: ReceivedEvent) => void, onClose: (info: CloseInfo) => void): () => void;
}

/**
 * Sends a user message on `client` and collects the run's events until the completion event
 * (plus a short settle window), a close, a stall (no event for `eventTimeoutMs`) or `runTimeoutMs`.
 * It never throws on server misbehaviour: the returned Run says how it ended, and the matchers judge it.
 */
export async function collectRun(client: RunConnection, content: string, o: RunOptions): Promise<Run> {
  const eventTimeoutMs = o.eventTimeoutMs ?? CLIENT_DEFAULTS.eventTimeoutMs;
  const runTimeoutMs = o.runTimeoutMs ?? CLIENT_DEFAULTS.runTimeoutMs;
  const settleMs = o.settleMs ?? CLIENT_DEFAULTS.settleMs;
  const { contract } = client;
  const run = new SentRun({ client: client.label, contract: client.contract, content, messageId: '' });
  // An event names the message it answers, or the run once the run is known (the client ties a run
  // start that names no message to the message it answers).
  const belongs = (e: ReceivedEvent) =>
    e.messageId === run.messageId || (run.runId !== undefined && e.runId === run.runId);

  // One listener and one timer per run, not a promise and a timer per event: this is the hot path
  // of a load run. An event only notes when it came; the timer, due when the run would stall or
  // time out, looks at that when it fires and waits again for what is left.
  let done = false;
  let lastAt = run.sentAt;
  let timer: NodeJS.Timeout | undefined;
  let end: (outcome: RunOutcome, detail: string) => void = () => {};
  const ended = new Promise<void>((resolve) => {
    end = (outcome, detail) => {
      if (done) return;
      done = true;
      run.outcome = outcome;
      run.detail = detail;
      clearTimeout(timer);
      resolve();
    };
  });
  const due = () => {
    const now = performance.now();
    const stallAt = lastAt + eventTimeoutMs;
    const timeoutAt = run.sentAt + runTimeoutMs;
    if (now >= stallAt && stallAt <= timeoutAt) {
      const last = run.events.at(-1);
      end(
        'stalled',
        `stalled after ${last ? `${last.type}${last.seq !== undefined ? ` (seq ${last.seq})` : ''}` : 'sending the message'}: no event for ${eventTimeoutMs} ms`,
      );
    } else if (now >= timeoutAt) end('timeout', `run did not complete within ${runTimeoutMs} ms`);
    // A timer may fire a little before its time by this clock: it waits at least a millisecond more.
    else timer = setTimeout(due, Math.max(1, Math.min(stallAt, timeoutAt) - now));
  };
  const unsubscribe = client.subscribe(
    (e) => {
      if (!belongs(e)) return;
      run.runId ??= e.runId;
      run.events.push(e);
      if (done) return; // settling after completion: collect, the matchers judge
      lastAt = e.at;
      if (e.type === contract.completionEvent) {
        run.answer = e.answer;
        end('completed', '');
      } else if (e.type === contract.failureEvent) {
        const { message } = (e.raw ?? {}) as { message?: unknown };
        end('failed', `${e.type}${e.code ? ` ${e.code}` : ''}${typeof message === 'string' ? `: ${message}` : ''}`);
      }
    },
    (info) => {
      const last = run.events.at(-1);
      end(
        'closed',
        `connection closed with ${info.code}${info.reason ? ` "${info.reason}"` : ''} after ${last ? last.type : 'no event of the run'}`,
      );
    },
  );
  try {
    run.messageId = client.sendUserMessage(content, o.threadId);
    run.sentAt = lastAt = performance.now();
  } catch (error) {
    unsubscribe();
    throw error;
  }
  if (!done) timer = setTimeout(due, Math.min(eventTimeoutMs, runTimeoutMs));
  await ended;
  if (run.outcome === 'completed' && settleMs > 0) await new Promise((r) => setTimeout(r, settleMs));
  unsubscribe();
  run.endRun(client.timeline);
  return run;
}

/**
 * Sends `content` on `client` and waits for the first event of the run that answers it (over
 * either transport); undefined when none came within `timeoutMs` or the stream or connection
 * ended first. The run goes on: this is for checks that act while it streams.
 */
export function startRun(
  client: RunConnection,
  content: string,
  timeoutMs: number,
): Promise<ReceivedEvent | undefined> {
  let messageId = '';
  return new Promise((resolve) => {
    const done = (start: ReceivedEvent | undefined) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(start);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    const unsubscribe = client.subscribe(
      (e) => e.messageId === messageId && e.runId !== undefined && done(e),
      () => done(undefined),
    );
    messageId = client.sendUserMessage(content);
  });
}

/** Latencies of one run, in ms from sending the message. */
export interface RunTimings {
  firstEventMs: number | undefined;
  toStartedMs: number | undefined;
  toCompletedMs: number | undefined;
  tools: { callId: string; startMs: number; durationMs: number | undefined }[];
  largestGapMs: number;
}

export function runTimings(
  run: Run,
  contract: { startEvent: string; completionEvent: string; toolStartEvent: string; toolEndEvent: string },
): RunTimings {
  const rel = (e: ReceivedEvent | undefined) => (e ? e.at - run.sentAt : undefined);
  const tools = run.events
    .filter((e) => e.type === contract.toolStartEvent)
    .map((start) => {
      const end = run.events.find((e) => e.type === contract.toolEndEvent && e.callId === start.callId);
      return { callId: start.callId ?? '?', startMs: rel(start)!, durationMs: end ? end.at - start.at : undefined };
    });
  let largestGapMs = 0;
  let prev = run.sentAt;
  for (const e of run.events) {
    largestGapMs = Math.max(largestGapMs, e.at - prev);
    prev = e.at;
  }
  return {
    firstEventMs: rel(run.events[0]),
    toStartedMs: rel(run.events.find((e) => e.type === contract.startEvent)),
    toCompletedMs: rel(run.events.find((e) => e.type === contract.completionEvent)),
    tools,
    largestGapMs,
  };
}
