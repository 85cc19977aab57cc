import type { RunEvent, ServerFrame } from '../contract/agent-chat-types.ts';

/** What a run needs from a connection: enough to deliver events and to close it. */
export interface RunSubscriber {
  readonly id: string;
  readonly userId: string;
  /** False when the socket is closed; the run then drops the subscriber. */
  send(frame: ServerFrame): boolean;
  close(code: number, reason: string): void;
}

export type RunState = 'running' | 'completed' | 'stalled' | 'aborted' | 'failed';

/** One agent run: who owns it, the events it has sent (for resume), who is listening. */
export class Run {
  readonly id: string;
  readonly userId: string;
  readonly threadId: string;
  readonly messageId: string;
  readonly startedAt = Date.now();
  readonly events: RunEvent[] = [];
  readonly subscribers = new Set<RunSubscriber>();
  state: RunState = 'running';
  private lastSeq = 0;

  constructor(ids: { id: string; userId: string; threadId: string; messageId: string }) {
    this.id = ids.id;
    this.userId = ids.userId;
    this.threadId = ids.threadId;
    this.messageId = ids.messageId;
  }

  /** Builds the next event; its seq is consumed even if a fault then drops it. */
  nextEvent(type: RunEvent['type'], data: Readonly<Record<string, unknown>>): RunEvent {
    this.lastSeq += 1;
    return { ...data, type, run_id: this.id, thread_id: this.threadId, seq: this.lastSeq, message_id: this.messageId };
  }

  /** Events a client that saw up to `afterSeq` has missed, in seq order. */
  eventsAfter(afterSeq: number): RunEvent[] {
    return this.events.filter((event) => event.seq > afterSeq).sort((a, b) => a.seq - b.seq);
  }

  get live(): boolean {
    return this.state === 'running' || this.state === 'stalled';
  }
}
