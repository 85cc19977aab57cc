import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import type { AuthMode } from '../config/config.ts';
import type { Contract } from '../contract/types.ts';
import { redactor } from '../report/redactor.ts';
import { CLIENT_DEFAULTS } from './client-defaults.ts';
import type { CloseInfo, ReceivedEvent } from './received.ts';
import { collectRun, type Run, type RunOptions } from './run.ts';
import { SseParser } from './sse-parser.ts';
import { Timeline } from './timeline.ts';

export interface SseConnectOptions {
  /** The endpoint a run is POSTed to (AG-UI: the agent's URL). */
  url: string;
  contract: Contract;
  token?: string;
  /** Where the token travels: `header` (Authorization: Bearer) or `query` (?token=); `none` sends none. */
  auth?: AuthMode | 'none';
  headers?: Record<string, string>;
  origin?: string;
  label?: string;
  /** Longest wait for the response headers of a run's request. */
  handshakeTimeoutMs?: number;
  eventTimeoutMs?: number;
  runTimeoutMs?: number;
  /** Largest event taken from a stream; a bigger one cuts the stream, as 1009 would a WebSocket. */
  maxPayloadBytes?: number;
}

/**
 * How a stream ended other than with its run's completion, in WebSocket terms, so that the close
 * policy and the load figures read both transports alike: a stream cut before its run finished is
 * 1006; an answer of 502, 503 or 504 (a gateway or an overloaded backend) is 1011, other refusals 1008.
 */
function streamEndCode(status: number | undefined): number {
  if (status === undefined) return 1006;
  return status >= 500 ? 1011 : 1008;
}

/**
 * The run API of `ChatClient` over Server-Sent Events: each message is a POST answered with an
 * event stream (AG-UI's HTTP transport). There is no connection to open; a run's request is its
 * connection, and how each stream ended is recorded (`streamEnds`) for the close policy.
 */
export class SseChatClient {
  readonly transport = 'sse';
  readonly timeline: Timeline;
  readonly contract: Contract;
  readonly events: ReceivedEvent[] = [];
  readonly runs: Run[] = [];
  readonly options: SseConnectOptions;
  /** Streams that ended without their run's completion or failure event, or were refused. */
  readonly streamEnds: CloseInfo[] = [];
  /** Codes (in `streamEndCode`'s terms) this client's owner expects; any other 1011 or 1006 fails its test. */
  readonly expectedCloses = new Set<number>();
  /** Set once `close()` has been called: no further run is sent. */
  closeInfo: CloseInfo | undefined;
  readonly #listeners = new Set<(event: ReceivedEvent) => void>();
  readonly #closeWaiters = new Set<(info: CloseInfo) => void>();
  readonly #streams = new Map<AbortController, Promise<void>>();

  constructor(options: SseConnectOptions) {
    this.options = options;
    this.contract = options.contract;
    this.timeline = new Timeline(options.label ?? 'client');
    if (options.token) redactor.register(options.token);
    this.timeline.add({ kind: 'connect', url: options.url, auth: this.#auth, protocols: [] });
  }

  get label(): string {
    return this.timeline.label;
  }

  /** No subprotocol over HTTP. */
  get protocol(): string {
    return '';
  }

  get isOpen(): boolean {
    return this.closeInfo === undefined;
  }

  /** A stream has no ready event: what the server says first belongs to a run. */
  get ready(): ReceivedEvent | undefined {
    return undefined;
  }

  /** POSTs a user message and starts reading its stream; returns the message id. */
  sendUserMessage(content: string, threadId?: string): string {
    const id = `msg_${randomUUID()}`;
    void this.#post(this.contract.encodeUserMessage({ id, content, ...(threadId ? { threadId } : {}) }), id);
    return id;
  }

  /**
   * POSTs `body` as it is (bad input, for the checks that send it) and resolves once its answer
   * has ended: a refusal, or a stream read to its end. The timeline holds what came back.
   */
  sendBody(body: string): Promise<void> {
    return this.#post(body, `msg_${randomUUID()}`);
  }

  #post(body: string, id: string): Promise<void> {
    if (this.closeInfo) throw new Error(`${this.label}: send after close()`);
    this.timeline.add({ kind: 'out', type: 'POST', size: Buffer.byteLength(body), text: body });
    const abort = new AbortController();
    const done = this.#stream(body, id, abort).finally(() => this.#streams.delete(abort));
    this.#streams.set(abort, done);
    return done;
  }

  /** Sends `content` and collects its run until completion, a stall, a cut stream or the run timeout. */
  runToCompletion(content: string, options: RunOptions = {}): Promise<Run> {
    return collectRun(this, content, {
      eventTimeoutMs: this.options.eventTimeoutMs,
      runTimeoutMs: this.options.runTimeoutMs,
      ...options,
    }).then((run) => {
      this.runs.push(run);
      return run;
    });
  }

  /** `onClose` is told of each stream that ends without its run's last event: the run it carried is over. */
  subscribe(listener: (event: ReceivedEvent) => void, onClose: (info: CloseInfo) => void): () => void {
    this.#listeners.add(listener);
    this.#closeWaiters.add(onClose);
    return () => {
      this.#listeners.delete(listener);
      this.#closeWaiters.delete(onClose);
    };
  }

  expectClose(...codes: number[]): this {
    for (const c of codes) this.expectedCloses.add(c);
    return this;
  }

  /** Aborts the streams still open at once (a load run's wall-clock bound). */
  terminate(): void {
    this.closeInfo ??= { code: 1006, reason: 'terminated', by: 'client', at: performance.now() };
    for (const abort of this.#streams.keys()) abort.abort();
  }

  /** Aborts the streams still open and waits for them to wind down. */
  async close(): Promise<CloseInfo> {
    if (this.closeInfo) return this.closeInfo;
    this.closeInfo = { code: 1000, reason: '', by: 'client', at: performance.now() };
    if (this.#streams.size > 0) this.timeline.add({ kind: 'close', code: 1000, reason: '', by: 'client' });
    for (const abort of this.#streams.keys()) abort.abort();
    await Promise.all(this.#streams.values());
    return this.closeInfo;
  }

  get #auth(): string {
    return this.options.token ? (this.options.auth ?? 'header') : 'none';
  }

  async #stream(body: string, messageId: string, abort: AbortController): Promise<void> {
    const o = this.options;
    const decode = this.contract.createDecoder?.() ?? this.contract.decode;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      ...(o.origin ? { origin: o.origin } : {}),
      ...o.headers,
    };
    const url = new URL(o.url);
    if (o.token && this.#auth === 'header') headers.authorization = `Bearer ${o.token}`;
    if (o.token && this.#auth === 'query') url.searchParams.set('token', o.token);
    const limit = o.maxPayloadBytes ?? CLIENT_DEFAULTS.maxPayloadBytes;
    let finished = false;
    try {
      const res = await request(url, {
        method: 'POST',
        headers,
        body,
        signal: abort.signal,
        headersTimeout: o.handshakeTimeoutMs ?? CLIENT_DEFAULTS.handshakeTimeoutMs,
        // The stall and run timeouts of the run judge silence; the socket waits as long as they do.
        bodyTimeout: 0,
      });
      const type = String(res.headers['content-type'] ?? '');
      if (res.statusCode !== 200 || !type.startsWith('text/event-stream')) {
        const text = redactor.redact((await res.body.text()).slice(0, 2000));
        const why = res.statusCode === 200 ? `HTTP 200 with content-type "${type}", not text/event-stream` : '';
        this.timeline.add({ kind: 'refused', status: res.statusCode, body: why || text });
        const status = res.statusCode === 200 ? 415 : res.statusCode;
        return this.#ended({ code: streamEndCode(status), reason: `HTTP ${res.statusCode}`, by: 'server' });
      }
      this.timeline.add({ kind: 'open', protocol: 'sse', status: 200 });
      const parser = new SseParser();
      res.body.setEncoding('utf8');
      for await (const chunk of res.body as AsyncIterable<string>) {
        for (const record of parser.feed(chunk)) {
          if (record.kind === 'comment') {
            this.timeline.add({ kind: 'ping', direction: 'in', size: record.text.length });
            continue;
          }
          if (Buffer.byteLength(record.data) > limit) {
            this.timeline.add({ kind: 'note', message: `an event of over ${limit} bytes: the stream is cut` });
            abort.abort();
            return this.#ended({ code: 1009, reason: `event over ${limit} bytes`, by: 'client' });
          }
          const event = this.#onEvent(record.data, decode, messageId);
          if (event.type === this.contract.completionEvent || event.type === this.contract.failureEvent)
            finished = true;
        }
      }
      if (!finished) {
        const partial = parser.pending ? ` (${Buffer.byteLength(parser.pending)} bytes of an unfinished event)` : '';
        this.#ended({
          code: 1006,
          reason: `stream ended before ${this.contract.completionEvent}${partial}`,
          by: 'none',
        });
      }
    } catch (error) {
      if (abort.signal.aborted) return; // closed by this client
      const e = error as Error & { code?: string };
      const timedOut = e.code === 'UND_ERR_HEADERS_TIMEOUT';
      this.timeline.add({ kind: 'error', message: redactor.redact(e.message) });
      this.#ended({
        code: 1006,
        reason: timedOut
          ? `no response within ${o.handshakeTimeoutMs ?? CLIENT_DEFAULTS.handshakeTimeoutMs} ms`
          : `stream cut: ${e.code ?? e.message}`,
        by: 'none',
      });
    }
  }

  #onEvent(text: string, decode: Contract['decode'], messageId: string): ReceivedEvent {
    const at = performance.now();
    const event = (decode(text) ?? { type: '(not json)', raw: text }) as ReceivedEvent;
    // The stream is the run: every event on it answers the message POSTed.
    event.messageId ??= messageId;
    event.at = at;
    event.index = this.events.length;
    this.timeline.received(at, event.type, Buffer.byteLength(text), text, undefined, event.runId);
    this.events.push(event);
    for (const listener of this.#listeners) listener(event);
    return event;
  }

  #ended(info: Omit<CloseInfo, 'at'>): void {
    const full: CloseInfo = { ...info, at: performance.now() };
    this.streamEnds.push(full);
    this.timeline.add({ kind: 'close', code: full.code, reason: full.reason, by: full.by });
    for (const done of this.#closeWaiters) done(full);
  }
}
