import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Contract } from '../contract/types.ts';
import { E2eError } from '../errors.ts';
import { redactor } from '../report/redactor.ts';
import { Backoff, type BackoffPolicy } from './backoff.ts';
import type { ChatClient, CloseInfo } from './chat-client.ts';
import { awaitMergedRun, type MergedRunOptions } from './merged-run.ts';
import { ResumeLedger, type ResumeSent } from './resume-ledger.ts';
import type { Run } from './run.ts';

/** Time as the reconnect loop sees it; pass a fake one in unit tests. */
export interface ReconnectClock {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const realClock: ReconnectClock = {
  now: () => performance.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }),
};

export interface ReconnectingClientOptions {
  /** Opens one connection (e.g. the `connect` fixture); called again for every reconnect. */
  dial: () => Promise<ChatClient>;
  contract: Contract;
  backoff: Backoff | BackoffPolicy;
  /** Give up when no connection is back within this long after a drop (default 30 s). */
  withinMs?: number;
  clock?: ReconnectClock;
  label?: string;
}

/** One drop and what the client did about it. */
export interface ReconnectRecord {
  closed: CloseInfo;
  from: string;
  attempts: { delayMs: number; error?: string }[];
  to?: string;
  /** From the drop to the new connection being ready, in ms. */
  tookMs?: number;
  resumed: ResumeSent[];
  /** Messages whose run id never arrived, so there was nothing to resume. */
  unresumable: string[];
  gaveUp?: string;
}

/**
 * A client that survives its connection: when a connection closes without being asked to, it
 * reconnects with backoff (RFC 6455 §7.2.3) and sends `resume` with the last seq it saw of each
 * unfinished run. Events of a run are judged across every connection it used.
 * @example const rc = await ReconnectingClient.open({ dial: () => connect(), contract, backoff: { initialMs: 100, maxMs: 1000 } });
 */
export class ReconnectingClient {
  readonly connections: ChatClient[] = [];
  readonly reconnects: ReconnectRecord[] = [];
  /** Runs followed by `waitForRun`, each merged across the connections it used. */
  readonly runs: Run[] = [];
  readonly ledger: ResumeLedger;
  readonly label: string;
  readonly #o: ReconnectingClientOptions;
  readonly #backoff: Backoff;
  readonly #clock: ReconnectClock;
  readonly #abort = new AbortController();
  #reconnecting: Promise<void> | undefined;
  #failure: E2eError | undefined;

  private constructor(o: ReconnectingClientOptions) {
    this.#o = o;
    this.#backoff = o.backoff instanceof Backoff ? o.backoff : new Backoff(o.backoff);
    this.#clock = o.clock ?? realClock;
    this.label = o.label ?? 'reconnecting';
    this.ledger = new ResumeLedger(o.contract, () => this.connections);
  }

  /** Dials the first connection; later ones are dialled when it drops. */
  static async open(options: ReconnectingClientOptions): Promise<ReconnectingClient> {
    const client = new ReconnectingClient(options);
    client.#adopt(await options.dial());
    return client;
  }

  get current(): ChatClient {
    return this.connections.at(-1)!;
  }

  get contract(): Contract {
    return this.#o.contract;
  }

  /** Sends a user message on the current connection and tracks its run for resume. */
  sendUserMessage(content: string): string {
    const id = this.current.sendUserMessage(content);
    this.ledger.track(id, content);
    return id;
  }

  /** Drops the current connection without a close frame, as a lost network would. */
  drop(): void {
    this.current.expectClose(1006).terminate();
  }

  /** An open connection: the current one, or the one the reconnect in progress brings. */
  async connected(timeoutMs = this.#o.withinMs ?? 30_000): Promise<ChatClient> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (this.#failure) throw this.#failure;
      const current = this.current;
      if (current.isOpen) return current;
      const remaining = deadline - performance.now();
      if (remaining <= 0) throw new E2eError('E2E_RECONNECT_FAILED', `${this.label}: no connection within ${timeoutMs} ms\n${this.describe()}`);
      // Terminated but not yet closed: the reconnect starts once the close lands.
      if (!current.closeInfo) {
        await current.waitForClose(remaining).catch(() => undefined);
        continue;
      }
      if (!this.#reconnecting || this.#abort.signal.aborted) throw new E2eError('E2E_NOT_OPEN', `${this.label}: closed and not reconnecting`);
      await within(this.#reconnecting, remaining);
    }
  }

  /** Waits for the run answering `messageId` to complete across reconnects; never throws on server misbehaviour. */
  waitForRun(messageId: string, options: MergedRunOptions = {}): Promise<Run> {
    return awaitMergedRun(this, messageId, options).then((run) => (this.runs.push(run), run));
  }

  /** Stops reconnecting and closes the current connection. */
  async close(): Promise<void> {
    this.#abort.abort();
    await this.#reconnecting;
    const current = this.current;
    if (!current.closeInfo) await current.close(1000, 'done');
  }

  /** The drops and reconnects so far, for a failure message or a report. */
  describe(): string {
    if (this.reconnects.length === 0) return `${this.label}: no reconnect`;
    const lines = this.reconnects.map((r) => {
      const tries = r.attempts.map((a) => `${a.delayMs} ms${a.error ? ` ✗ ${a.error}` : ' ✓'}`).join(', ');
      const resumed = r.resumed.map((s) => `resume ${s.runId} after_seq ${s.afterSeq}`).join(', ');
      return [
        `  ${r.from} closed ${r.closed.code}${r.closed.reason ? ` "${r.closed.reason}"` : ''}${r.closed.by === 'none' ? ' (no close frame)' : ''}`,
        `    attempts after backoff: ${tries || '(none)'}`,
        r.to ? `    → ${r.to} after ${r.tookMs?.toFixed(0)} ms; ${resumed || 'nothing to resume'}` : `    ✗ ${r.gaveUp ?? 'still reconnecting'}`,
        ...(r.unresumable.length > 0 ? [`    cannot resume ${r.unresumable.join(', ')}: no event (no run id) arrived before the drop`] : []),
      ].join('\n');
    });
    return redactor.redact(`${this.label} reconnects:\n${lines.join('\n')}`);
  }

  #adopt(client: ChatClient): void {
    this.connections.push(client);
    if (client.closeInfo) return this.#onClosed(client);
    client.ws.once('close', () => this.#onClosed(client));
  }

  #onClosed(client: ChatClient): void {
    if (this.#abort.signal.aborted || client !== this.current) return;
    this.#reconnecting = this.#reconnect(client);
  }

  async #reconnect(from: ChatClient): Promise<void> {
    const record: ReconnectRecord = { closed: from.closeInfo!, from: from.label, attempts: [], resumed: [], unresumable: [] };
    this.reconnects.push(record);
    const withinMs = this.#o.withinMs ?? 30_000;
    const started = this.#clock.now();
    this.#backoff.reset();
    for (;;) {
      const delayMs = this.#backoff.next();
      if (this.#clock.now() - started + delayMs > withinMs) {
        record.gaveUp = `gave up: no connection within ${withinMs} ms after ${record.attempts.length} attempt(s)`;
        this.#failure = new E2eError('E2E_RECONNECT_FAILED', `${this.label}: ${record.gaveUp}\n${this.describe()}`);
        return;
      }
      try {
        await this.#clock.sleep(delayMs, this.#abort.signal);
      } catch {
        record.gaveUp = 'stopped by its owner';
        return;
      }
      const attempt: { delayMs: number; error?: string } = { delayMs };
      record.attempts.push(attempt);
      try {
        const client = await this.#o.dial();
        if (this.#abort.signal.aborted) return void (await client.close(1000, 'done'));
        record.to = client.label;
        record.tookMs = this.#clock.now() - started;
        Object.assign(record, this.ledger.resumeOn(client));
        this.#adopt(client);
        return;
      } catch (error) {
        attempt.error = redactor.redact(String((error as Error).message ?? error).split('\n')[0] ?? '');
      }
    }
  }
}

/** Settles when `promise` does or after `ms`, whichever comes first. */
async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}
