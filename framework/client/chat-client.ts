import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { AuthMode } from '../config/config.ts';
import { endsRun, type Contract } from '../contract/types.ts';
import { redactor } from '../report/redactor.ts';
import { CLIENT_DEFAULTS } from './client-defaults.ts';
import { ConnectionLimits } from './connection-limits.ts';
import { ClientError, HandshakeError, type ConnectionFault } from './errors.ts';
import type { CloseInfo, ReceivedEvent } from './received.ts';
import { collectRun, type Run, type RunOptions } from './run.ts';
import { Timeline } from './timeline.ts';

export interface ConnectOptions {
  url: string;
  contract: Contract;
  /** Token to present; none for an anonymous attempt. */
  token?: string;
  /** Where the token travels; `none` sends no token even if one is given. */
  auth?: AuthMode | 'none';
  /** Subprotocols to offer; defaults to the contract's. The token entry is added for `subprotocol` auth. */
  subprotocols?: string[];
  headers?: Record<string, string>;
  origin?: string;
  label?: string;
  localAddress?: string;
  /** Answer server pings (default true); false imitates a client that has gone quiet. */
  answerPings?: boolean;
  /** Wait for the contract's ready event before resolving (default true). */
  waitForReady?: boolean;
  /**
   * For a contract with no ready event (AG-UI), which shows it serves a connection only by running:
   * send the simple prompt and wait for its run to start before resolving. Checks that judge an
   * accepted connection use it; a contract with a ready event waits for that instead.
   */
  proveReady?: boolean;
  handshakeTimeoutMs?: number;
  eventTimeoutMs?: number;
  runTimeoutMs?: number;
  /** Largest message taken from the server; a bigger one closes the connection with 1009 (default CLIENT_DEFAULTS). */
  maxPayloadBytes?: number;
}

export type { CloseInfo, ReceivedEvent } from './received.ts';

type Waiter = {
  what: string;
  match: (e: ReceivedEvent) => boolean;
  resolve: (e: ReceivedEvent) => void;
  reject: (e: Error) => void;
};

/** Longest `proveReady` waits for the end of the run it started, in event timeouts. */
const PROVE_READY_END_EVENTS = 4;

/** One real `ws` connection speaking the contract, recording everything on a timeline. */
export class ChatClient {
  readonly timeline: Timeline;
  readonly contract: Contract;
  readonly events: ReceivedEvent[] = [];
  readonly ws: WebSocket;
  /** Headers of the 101 response (the echoed `sec-websocket-protocol` among them). */
  upgradeHeaders: IncomingMessage['headers'] = {};
  closeInfo: CloseInfo | undefined;
  /** Close codes this client's owner expects; any other 1011 or 1006 fails the test that owns it. */
  readonly expectedCloses = new Set<number>();
  /** Runs collected by `runToCompletion`, in order; the report shows each as a timeline. */
  readonly runs: Run[] = [];
  readonly options: ConnectOptions;
  /** What the server sent that the harness would not take (a message over the limit, bytes that are not frames, too many messages); it closed on it. */
  fault: ConnectionFault | undefined;
  readonly #waiters = new Set<Waiter>();
  readonly #closeWaiters = new Set<(info: CloseInfo) => void>();
  readonly #listeners = new Set<(event: ReceivedEvent) => void>();
  #closingByClient = false;
  #upgraded = false;
  readonly #limits: ConnectionLimits;
  /** The contract's decoder for this connection (a protocol whose events carry their run by position keeps state). */
  readonly #decode: Contract['decode'];
  /** Messages sent whose run has not started, oldest first: a run start naming no message answers the oldest. */
  readonly #unanswered: string[] = [];

  private constructor(options: ConnectOptions) {
    this.options = options;
    this.contract = options.contract;
    this.#limits = new ConnectionLimits(options.maxPayloadBytes);
    this.#decode = options.contract.createDecoder?.() ?? options.contract.decode;
    this.timeline = new Timeline(options.label ?? 'client');
    const { url, protocols, headers, auth } = buildHandshake(options);
    this.timeline.add({ kind: 'connect', url, auth, protocols });
    this.ws = new WebSocket(url, protocols, {
      headers,
      ...(options.origin ? { origin: options.origin } : {}),
      handshakeTimeout: options.handshakeTimeoutMs ?? CLIENT_DEFAULTS.handshakeTimeoutMs,
      perMessageDeflate: false,
      autoPong: options.answerPings ?? true,
      maxPayload: this.#limits.maxPayloadBytes,
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    });
    this.#wire();
  }

  /** Opens a connection and waits for the ready event; a refusal throws a HandshakeError with the HTTP status. */
  static async connect(options: ConnectOptions): Promise<ChatClient> {
    const client = new ChatClient(options);
    try {
      await client.#opened();
      // A protocol with no ready event (AG-UI) is ready at the upgrade, unless asked for proof.
      const { readyEvent, startEvent, prompts } = client.contract;
      if (readyEvent !== undefined && (options.waitForReady ?? true))
        await client.waitFor(readyEvent, { timeoutMs: options.eventTimeoutMs });
      if (readyEvent === undefined && options.proveReady) {
        client.sendUserMessage(prompts.simple);
        await client.waitFor(startEvent, { timeoutMs: options.eventTimeoutMs });
        // The run is let end before the check goes on (and closes): a client that left it mid-way
        // would have a server with the send-after-close bug crash on the check that only proved it served.
        await client
          .waitFor((e) => endsRun(client.contract, e), { timeoutMs: PROVE_READY_END_EVENTS * client.#eventTimeoutMs })
          .catch(() => undefined);
      }
      return client;
    } catch (error) {
      if (error instanceof ClientError) Object.assign(error, { client });
      if (!client.closeInfo) client.ws.terminate();
      throw error;
    }
  }

  /** Like `connect`, but returns the refusal instead of throwing, for checks that expect one. */
  static async attempt(options: ConnectOptions): Promise<{ client: ChatClient; error?: HandshakeError | ClientError }> {
    try {
      return { client: await ChatClient.connect(options) };
    } catch (error) {
      if (error instanceof ClientError)
        return { client: (error as ClientError & { client: ChatClient }).client, error };
      throw error;
    }
  }

  get label(): string {
    return this.timeline.label;
  }

  get protocol(): string {
    return this.ws.protocol;
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** The ready event; for a contract without one, the first run start (the server serves this connection). */
  get ready(): ReceivedEvent | undefined {
    const { readyEvent, startEvent } = this.contract;
    return this.events.find((e) => e.type === (readyEvent ?? startEvent));
  }

  /** Sends a frame: an object is sent as JSON, a string as is, a Buffer as a binary frame. */
  send(frame: object | string | Buffer): void {
    if (!this.isOpen) {
      const why = this.fault
        ? ` (${this.fault.message})`
        : this.closeInfo
          ? ` (closed with ${this.closeInfo.code} by ${this.closeInfo.by})`
          : '';
      throw new ClientError(
        'E2E_NOT_OPEN',
        `${this.label}: send on a connection that is not open${why}`,
        this.timeline,
      );
    }
    const binary = Buffer.isBuffer(frame);
    const text = binary ? `<binary ${frame.length} bytes>` : typeof frame === 'string' ? frame : JSON.stringify(frame);
    this.timeline.add({
      kind: 'out',
      type: binary ? '(binary)' : frameType(text),
      size: binary ? frame.length : Buffer.byteLength(text),
      text,
    });
    this.ws.send(binary ? frame : text, { binary });
  }

  /** Sends a user message; returns its id. */
  sendUserMessage(content: string, threadId?: string): string {
    const id = `msg_${randomUUID()}`;
    this.send(this.contract.encodeUserMessage({ id, content, ...(threadId ? { threadId } : {}) }));
    this.#unanswered.push(id);
    return id;
  }

  ping(payload: Buffer = Buffer.alloc(0)): void {
    this.timeline.add({ kind: 'ping', direction: 'out', size: payload.length });
    this.ws.ping(payload);
  }

  /**
   * Waits for an event of `type` (or matching a predicate) received at or after index `since`.
   * Rejects with E2E_WS_TIMEOUT after `timeoutMs`, or E2E_UNEXPECTED_CLOSE if the socket closes first.
   */
  waitFor(
    type: string | ((e: ReceivedEvent) => boolean),
    { timeoutMs, since = 0 }: { timeoutMs?: number | undefined; since?: number } = {},
  ): Promise<ReceivedEvent> {
    const match = typeof type === 'string' ? (e: ReceivedEvent) => e.type === type : type;
    const what = typeof type === 'string' ? `"${type}"` : 'a matching event';
    const found = this.events.slice(since).find(match);
    if (found) return Promise.resolve(found);
    const limit = timeoutMs ?? this.#eventTimeoutMs;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { what, match, resolve, reject };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(
          new ClientError(
            'E2E_WS_TIMEOUT',
            `${this.label}: waited ${limit} ms for ${what}; it did not arrive`,
            this.timeline,
          ),
        );
      }, limit);
      waiter.resolve = (e) => (clearTimeout(timer), resolve(e));
      waiter.reject = (err) => (clearTimeout(timer), reject(err));
      this.#waiters.add(waiter);
      if (this.closeInfo) this.#failWaiters(this.closeInfo);
    });
  }

  /** Sends `content` and collects its run until completion, a stall, a close or the run timeout. */
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

  /** Calls `listener` with every event received from now on, and `onClose` once if the connection closes; returns the unsubscribe. */
  subscribe(listener: (event: ReceivedEvent) => void, onClose: (info: CloseInfo) => void): () => void {
    this.#listeners.add(listener);
    this.#closeWaiters.add(onClose);
    return () => {
      this.#listeners.delete(listener);
      this.#closeWaiters.delete(onClose);
    };
  }

  /** Resolves when the connection is closed (by either side), or rejects after `timeoutMs`. */
  waitForClose(timeoutMs = this.#eventTimeoutMs): Promise<CloseInfo> {
    if (this.closeInfo) return Promise.resolve(this.closeInfo);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#closeWaiters.delete(done);
        reject(
          new ClientError(
            'E2E_WS_TIMEOUT',
            `${this.label}: waited ${timeoutMs} ms for the connection to close`,
            this.timeline,
          ),
        );
      }, timeoutMs);
      const done = (info: CloseInfo) => (clearTimeout(timer), resolve(info));
      this.#closeWaiters.add(done);
    });
  }

  /** Closes cleanly (1000 by default) and waits for the close handshake, terminating if it does not finish. */
  async close(code = 1000, reason = ''): Promise<CloseInfo> {
    if (this.closeInfo) return this.closeInfo;
    if (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.OPEN) {
      this.#closingByClient = true;
      this.timeline.add({ kind: 'close', code, reason, by: 'client' });
      try {
        this.ws.close(code, reason);
      } catch {
        this.ws.terminate();
      }
    }
    try {
      return await this.waitForClose(CLIENT_DEFAULTS.closeHandshakeMs);
    } catch {
      this.ws.terminate();
      return this.waitForClose(CLIENT_DEFAULTS.terminateMs);
    }
  }

  /** Drops the TCP connection without a close frame, as a vanished client would. */
  terminate(): void {
    this.#closingByClient = true;
    this.timeline.add({ kind: 'note', message: 'client terminated the TCP connection' });
    this.ws.terminate();
  }

  /** Declares close codes this test expects, so the 1011/1006 policy does not fail it. */
  expectClose(...codes: number[]): this {
    for (const c of codes) this.expectedCloses.add(c);
    return this;
  }

  get #eventTimeoutMs(): number {
    return this.options.eventTimeoutMs ?? CLIENT_DEFAULTS.eventTimeoutMs;
  }

  #opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      const fail = (error: ClientError) => reject(error);
      this.ws.once('open', () => resolve());
      this.ws.on('unexpected-response', (req, res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body = (body + chunk).slice(0, 2000)));
        res.on('end', () => {
          this.timeline.add({ kind: 'refused', status: res.statusCode ?? 0, body: redactor.redact(body) });
          fail(
            new HandshakeError(`${this.label}: upgrade refused with HTTP ${res.statusCode}`, this.timeline, {
              status: res.statusCode ?? 0,
              body,
              headers: res.headers,
            }),
          );
          req.destroy();
          this.#recordClose({ code: 1006, reason: '', by: 'none', at: performance.now() }, true);
        });
      });
      this.ws.once('error', (error: Error & { code?: unknown }) => {
        if (this.ws.readyState === WebSocket.OPEN) return;
        // ws raises its handshake timeout with this message and no code: the one place it is read.
        const timedOut = error.message === WS_HANDSHAKE_TIMEOUT;
        const errno = typeof error.code === 'string' && /^E[A-Z]{3,}$/.test(error.code) ? error.code : undefined;
        const waitedMs = this.options.handshakeTimeoutMs ?? CLIENT_DEFAULTS.handshakeTimeoutMs;
        fail(
          new HandshakeError(
            timedOut
              ? `${this.label}: no upgrade within ${waitedMs} ms`
              : `${this.label}: handshake failed: ${error.message}`,
            this.timeline,
            undefined,
            { timedOut, errno },
          ),
        );
      });
    });
  }

  #wire(): void {
    this.ws.on('upgrade', (res) => (this.upgradeHeaders = res.headers));
    this.ws.on('open', () => {
      this.#upgraded = true;
      this.timeline.add({ kind: 'open', protocol: this.ws.protocol, status: 101 });
    });
    this.ws.on('error', (error) => {
      this.timeline.add({ kind: 'error', message: redactor.redact(error.message) });
      // After the upgrade, ws errors only on the server's bytes (a frame it refuses); it has sent its close frame.
      if (this.#upgraded && /^WS_ERR_/.test(String((error as { code?: unknown }).code)))
        this.#closeOnFault(this.#limits.faultOf(error, this.ws));
    });
    this.ws.on('ping', (data) => this.timeline.add({ kind: 'ping', direction: 'in', size: data.length }));
    this.ws.on('pong', (data) => this.timeline.add({ kind: 'pong', direction: 'in', size: data.length }));
    this.ws.on('message', (data, isBinary) => this.#onMessage(data as Buffer, isBinary));
    this.ws.on('close', (code, reason) => {
      const by = code === 1006 ? 'none' : this.#closingByClient ? 'client' : 'server';
      this.#recordClose({ code, reason: reason.toString(), by, at: performance.now() }, by !== 'client');
    });
  }

  #onMessage(data: Buffer, isBinary: boolean): void {
    if (this.fault) return; // closing on a fault: what is still in flight is not the run's
    const over = this.#limits.admit(data.length);
    if (over) {
      this.ws.close(over.closeCode);
      return this.#closeOnFault(over);
    }
    const at = performance.now();
    const text = isBinary ? '' : data.toString('utf8');
    // decode() returns a fresh object: stamp it in place rather than copy it (once per frame).
    const event = ((isBinary ? undefined : this.#decode(text)) ?? {
      type: isBinary ? '(binary)' : '(not json)',
      raw: text,
    }) as ReceivedEvent;
    event.at = at;
    event.index = this.events.length;
    if (event.type === this.contract.startEvent) this.#answer(event);
    this.timeline.received(
      at,
      event.type,
      data.length,
      isBinary ? `<binary ${data.length} bytes>` : text,
      event.seq,
      event.runId,
    );
    this.events.push(event);
    for (const listener of this.#listeners) listener(event);
    if (this.#waiters.size === 0) return;
    for (const w of [...this.#waiters]) {
      if (w.match(event)) {
        this.#waiters.delete(w);
        w.resolve(event);
      }
    }
  }

  /**
   * Ties a run start to the message it answers. A protocol whose run start names no message (AG-UI)
   * answers messages in the order they were sent, as it runs one at a time per connection.
   */
  #answer(start: ReceivedEvent): void {
    if (start.messageId === undefined) {
      const oldest = this.#unanswered.shift();
      if (oldest !== undefined) start.messageId = oldest;
      return;
    }
    const at = this.#unanswered.indexOf(start.messageId);
    if (at >= 0) this.#unanswered.splice(at, 1);
  }

  // The close frame is sent, but the server is past trusting with the close handshake (ws would
  // wait 30 s for it): record the close as the harness's and drop the connection now.
  #closeOnFault(fault: ConnectionFault): void {
    if (this.fault) return;
    this.fault = fault;
    this.timeline.add({ kind: 'note', message: fault.message });
    this.#closingByClient = true;
    this.#recordClose(
      { code: this.fault.closeCode, reason: this.fault.reason, by: 'client', at: performance.now() },
      true,
    );
    this.ws.terminate();
  }

  #recordClose(info: CloseInfo, addEntry: boolean): void {
    if (this.closeInfo) return;
    this.closeInfo = info;
    if (addEntry) this.timeline.add({ kind: 'close', code: info.code, reason: info.reason, by: info.by });
    for (const done of this.#closeWaiters) done(info);
    this.#closeWaiters.clear();
    this.#failWaiters(info);
  }

  #failWaiters(info: CloseInfo): void {
    const closed = this.fault
      ? this.fault.message
      : `connection closed with ${info.code}${info.reason ? ` "${info.reason}"` : ''}`;
    for (const w of this.#waiters) {
      w.reject(
        new ClientError('E2E_UNEXPECTED_CLOSE', `${this.label}: ${closed} while waiting for ${w.what}`, this.timeline),
      );
    }
    this.#waiters.clear();
  }
}

const WS_HANDSHAKE_TIMEOUT = 'Opening handshake has timed out';

function frameType(text: string): string {
  try {
    const parsed = JSON.parse(text) as { type?: unknown };
    return typeof parsed?.type === 'string' ? parsed.type : '(no type)';
  } catch {
    return '(not json)';
  }
}

function buildHandshake(o: ConnectOptions): {
  url: string;
  protocols: string[];
  headers: Record<string, string>;
  auth: string;
} {
  const auth = o.token ? (o.auth ?? 'header') : 'none';
  const protocols = [...(o.subprotocols ?? (o.contract.subprotocol ? [o.contract.subprotocol] : []))];
  const headers: Record<string, string> = { ...o.headers };
  let url = o.url;
  if (o.token) redactor.register(o.token);
  if (o.token && auth === 'header') headers.Authorization = `Bearer ${o.token}`;
  if (o.token && auth === 'subprotocol') {
    const entry = o.contract.tokenSubprotocol(o.token);
    redactor.register(entry);
    protocols.push(entry);
  }
  if (o.token && auth === 'query') {
    const u = new URL(url);
    u.searchParams.set('token', o.token);
    url = u.toString();
  }
  return { url, protocols, headers, auth };
}
