import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Contract } from '../contract/types.ts';
import { E2eError } from '../errors.ts';
import { redactor } from '../report/redactor.ts';
import { Backoff, type BackoffPolicy } from './backoff.ts';
import type { ChatClient, CloseInfo } from './chat-client.ts';
import { CLIENT_DEFAULTS } from './client-defaults.ts';
import { awaitMergedRun, type MergedRunOptions } from './merged-run.ts';
import { ResumeLedger, type ResumeSent } from './resume-ledger.ts';
import type { Run } from './run.ts';

/** Time as the reconnect loop sees it; pass a fake one in unit tests. */
export interface ReconnectClock {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

const realClock: ReconnectClock = {
  now: () => performance.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }),
};

export interface ReconnectingClientOptions {
  /** Opens one connection (e.g. the `connect` fixture); called again for every reconnect. */
  dial: () => Promise<ChatClient>;
  contract: Contract;
  /** Delays between attempts and the cap on attempts (`maxAttempts`) until a connection holds. */
  backoff: Backoff | BackoffPolicy;
  /** Give up when no connection has held within this long after a drop (default CLIENT_DEFAULTS). */
  withinMs?: number;
  /** A connection holds once it stays open this long or completes a run (default CLIENT_DEFAULTS); then the backoff starts over. */
  minUptimeMs?: number;
  clock?: ReconnectClock;
  label?: string;
}

/** One drop and what the client did about it. */
export interface ReconnectRecord {
  closed: CloseInfo;
  from: string;
  /** How long `from` had been open when it closed, in ms. */
  upMs: number;
  /** `from` had been sent resume and closed before any event of the resumed runs came back. */
  closedOnResume: boolean;
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
  readonly #o: ReconnectingClientOptions & { withinMs: number; minUptimeMs: number };
  readonly #backoff: Backoff;
  readonly #clock: ReconnectClock;
  readonly #abort = new AbortController();
  #reconnecting: Promise<void> | undefined;
  #failure: E2eError | undefined;
  /** When the current connection was adopted (clock time). */
  #openedAt = 0;
  /** The drops since a connection last held: when the first of them happened, and its index in `reconnects`. */
  #outage: { startedAt: number; first: number } | undefined;

  private constructor(o: ReconnectingClientOptions) {
    this.#o = {
      ...o,
      withinMs: o.withinMs ?? CLIENT_DEFAULTS.reconnectWithinMs,
      minUptimeMs: o.minUptimeMs ?? CLIENT_DEFAULTS.minUptimeMs,
    };
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
  async connected(timeoutMs = this.#o.withinMs): Promise<ChatClient> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (this.#failure) throw this.#failure;
      const current = this.current;
      if (current.isOpen) return current;
      const remaining = deadline - performance.now();
      if (remaining <= 0)
        throw new E2eError('E2E_RECONNECT_FAILED', `${this.label}: no connection within ${Math.round(timeoutMs)} ms`, {
          evidence: this.describe(),
        });
      // Terminated but not yet closed: the reconnect starts once the close lands.
      if (!current.closeInfo) {
        await current.waitForClose(remaining).catch(() => undefined);
        continue;
      }
      if (!this.#reconnecting || this.#abort.signal.aborted)
        throw new E2eError('E2E_NOT_OPEN', `${this.label}: closed and not reconnecting`);
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
    const why = this.#o.contract.encodeResume
      ? 'no event (no run id) arrived before the drop'
      : 'the contract has no resume';
    const lines = this.reconnects.map((r) => {
      const tries = r.attempts.map((a) => `${a.delayMs} ms${a.error ? ` ✗ ${a.error}` : ' ✓'}`).join(', ');
      const resumed = r.resumed.map((s) => `resume ${s.runId} after_seq ${s.afterSeq}`).join(', ');
      return [
        `  ${r.from} closed ${closeText(r)}${r.closed.by === 'none' ? ' (no close frame)' : ''} after ${Math.round(r.upMs)} ms open${r.closedOnResume ? ', in answer to resume' : ''}`,
        `    attempts after backoff: ${tries || '(none)'}`,
        r.to
          ? `    → ${r.to} after ${Math.round(r.tookMs ?? 0)} ms; ${resumed || 'nothing to resume'}`
          : `    ✗ ${r.gaveUp ?? 'still reconnecting'}`,
        ...(r.unresumable.length > 0 ? [`    cannot resume ${r.unresumable.join(', ')}: ${why}`] : []),
      ].join('\n');
    });
    return redactor.redact(`${this.label} reconnects:\n${lines.join('\n')}`);
  }

  #adopt(client: ChatClient): void {
    this.connections.push(client);
    this.#openedAt = this.#clock.now();
    if (client.closeInfo) return this.#onClosed(client);
    client.ws.once('close', () => this.#onClosed(client));
  }

  #onClosed(client: ChatClient): void {
    if (this.#abort.signal.aborted || client !== this.current) return;
    this.#reconnecting = this.#reconnect(client);
  }

  async #reconnect(from: ChatClient): Promise<void> {
    const now = this.#clock.now();
    const upMs = now - this.#openedAt;
    const closedOnResume = from.closeInfo!.by !== 'client' && this.ledger.unanswered(from);
    const record: ReconnectRecord = {
      closed: from.closeInfo!,
      from: from.label,
      upMs,
      closedOnResume,
      attempts: [],
      resumed: [],
      unresumable: [],
    };
    // The backoff starts over only after a connection that held: one that opens and is closed
    // again at once (a resume answered with 1011) is a failed attempt, not a recovery.
    const held = upMs >= this.#o.minUptimeMs || from.events.some((e) => e.type === this.#o.contract.completionEvent);
    if (!this.#outage || held) {
      this.#outage = { startedAt: now, first: this.reconnects.length };
      this.#backoff.reset();
    }
    const outage = this.#outage;
    this.reconnects.push(record);
    for (;;) {
      const delayMs = this.#backoff.next();
      const elapsedMs = this.#clock.now() - outage.startedAt;
      if (delayMs === undefined || elapsedMs + delayMs > this.#o.withinMs) {
        const limit =
          delayMs === undefined
            ? `the cap of ${this.#backoff.policy.maxAttempts}`
            : `the next, ${delayMs} ms later, would pass the ${this.#o.withinMs} ms limit`;
        const made = this.reconnects.slice(outage.first).reduce((n, r) => n + r.attempts.length, 0);
        record.gaveUp = `gave up after ${made} attempt(s) in ${Math.round(elapsedMs)} ms (${limit}): ${this.#whyNoneHeld(outage.first)}`;
        this.#failure = new E2eError('E2E_RECONNECT_FAILED', `${this.label}: ${record.gaveUp}`, {
          evidence: this.describe(),
        });
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
        record.tookMs = this.#clock.now() - now;
        Object.assign(record, this.ledger.resumeOn(client));
        this.#adopt(client);
        return;
      } catch (error) {
        attempt.error = dialError(error);
      }
    }
  }

  /** Why the attempts since the drop at `first` got no connection that held: how each ended, counted. */
  #whyNoneHeld(first: number): string {
    // The drop at `first` began the outage; every later one closed a connection dialled since.
    const lost = this.reconnects.slice(first + 1);
    const failed = this.reconnects.slice(first).flatMap((r) => r.attempts.flatMap((a) => (a.error ? [a.error] : [])));
    const parts: string[] = [];
    if (lost.length > 0) {
      const upMs = Math.round(Math.max(...lost.map((r) => r.upMs)));
      const closes = lost.map((r) => `${closeText(r)}${r.closedOnResume ? ' in answer to resume' : ''}`);
      parts.push(
        `${lost.length} connection(s) closed before holding ${this.#o.minUptimeMs} ms (${tally(closes)}; open ${upMs} ms at most)`,
      );
    }
    if (failed.length > 0) parts.push(`${failed.length} dial(s) failed (${tally(failed)})`);
    return parts.join('; ') || 'no attempt fitted';
  }
}

function closeText(r: ReconnectRecord): string {
  return `${r.closed.code}${r.closed.reason ? ` "${r.closed.reason}"` : ''}`;
}

/** `a ×3, b` for [a, a, b, a]: the distinct values, most frequent first. */
function tally(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([v, n]) => (n > 1 ? `${v} ×${n}` : v))
    .join(', ');
}

/** The message of a failed dial, without the connection's own label, so that failures alike count as one. */
function dialError(error: unknown): string {
  const label = (error as { client?: ChatClient }).client?.label;
  const line = String((error as Error).message ?? error);
  return redactor.redact(label && line.startsWith(`${label}: `) ? line.slice(label.length + 2) : line);
}

/** Settles when `promise` does or after `ms`, whichever comes first. */
async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}
