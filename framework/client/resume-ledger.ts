import { performance } from 'node:perf_hooks';
import type { Contract } from '../contract/types.ts';
import type { ChatClient, ReceivedEvent } from './chat-client.ts';

/** One event as it arrived, and on which connection. */
export interface Delivery {
  event: ReceivedEvent;
  connection: string;
}

export interface TrackedMessage {
  messageId: string;
  content: string;
  sentAt: number;
}

export interface ResumeSent {
  runId: string;
  afterSeq: number;
  connection: string;
  /** Index in that connection's events at which the resume was sent. */
  sinceIndex: number;
}

/**
 * The client side of resume: which runs this user started, the last seq seen of each across
 * every connection so far, and the `resume` frames to send after a reconnect.
 */
export class ResumeLedger {
  readonly #contract: Contract;
  readonly #connections: () => readonly ChatClient[];
  readonly #messages = new Map<string, TrackedMessage>();
  readonly resumes: ResumeSent[] = [];
  readonly #byClient = new WeakMap<ChatClient, ResumeSent[]>();

  constructor(contract: Contract, connections: () => readonly ChatClient[]) {
    this.#contract = contract;
    this.#connections = connections;
  }

  track(messageId: string, content: string): TrackedMessage {
    const message = { messageId, content, sentAt: performance.now() };
    this.#messages.set(messageId, message);
    return message;
  }

  message(messageId: string): TrackedMessage | undefined {
    return this.#messages.get(messageId);
  }

  /** The run id the server gave this message, once any event of it has arrived. */
  runIdOf(messageId: string): string | undefined {
    for (const client of this.#connections()) {
      const first = client.events.find((e) => e.messageId === messageId && e.runId !== undefined);
      if (first) return first.runId;
    }
    return undefined;
  }

  /** Whether an event belongs to the run answering `messageId`. */
  belongs(messageId: string): (e: ReceivedEvent) => boolean {
    return (e) => {
      if (e.messageId === messageId) return true;
      const runId = this.runIdOf(messageId);
      return runId !== undefined && e.runId === runId;
    };
  }

  /** Every event of the run, in arrival order, connection by connection. */
  deliveries(messageId: string): Delivery[] {
    const belongs = this.belongs(messageId);
    return this.#connections().flatMap((client) =>
      client.events.filter(belongs).map((event) => ({ event, connection: client.label })),
    );
  }

  /** The highest seq of the run seen on any connection (0 when none carried one). */
  lastSeq(runId: string): number {
    let last = 0;
    for (const client of this.#connections()) {
      for (const e of client.events) if (e.runId === runId && e.seq !== undefined) last = Math.max(last, e.seq);
    }
    return last;
  }

  isComplete(messageId: string): boolean {
    return this.deliveries(messageId).some((d) => d.event.type === this.#contract.completionEvent);
  }

  /**
   * Sends `resume` on `client` for every run not yet complete. A message whose run id never
   * arrived cannot be resumed; it is returned in `unresumable`.
   */
  resumeOn(client: ChatClient): { resumed: ResumeSent[]; unresumable: string[] } {
    const resumed: ResumeSent[] = [];
    const unresumable: string[] = [];
    const encode = this.#contract.encodeResume;
    for (const { messageId } of this.#messages.values()) {
      if (this.isComplete(messageId)) continue;
      const runId = this.runIdOf(messageId);
      // A backend without resume (the contract has no encodeResume): nothing can be resumed.
      if (runId === undefined || !encode) {
        unresumable.push(messageId);
        continue;
      }
      const sent: ResumeSent = {
        runId,
        afterSeq: this.lastSeq(runId),
        connection: client.label,
        sinceIndex: client.events.length,
      };
      client.send(encode({ runId, afterSeq: sent.afterSeq }));
      this.resumes.push(sent);
      this.#byClient.set(client, [...(this.#byClient.get(client) ?? []), sent]);
      resumed.push(sent);
    }
    return { resumed, unresumable };
  }

  /** The resume sent for `runId` on `client`, if any. */
  resumeFor(client: ChatClient, runId: string | undefined): ResumeSent | undefined {
    return this.#byClient.get(client)?.find((r) => r.runId === runId);
  }

  /** Whether `client` was sent resume and no event of a resumed run came back on it: the resume went unanswered. */
  unanswered(client: ChatClient): boolean {
    const sent = this.#byClient.get(client) ?? [];
    return (
      sent.length > 0 && !client.events.some((e) => sent.some((r) => e.index >= r.sinceIndex && e.runId === r.runId))
    );
  }
}
