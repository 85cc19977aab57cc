import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Timeline } from '../client/timeline.ts';
import { ClientError } from '../client/errors.ts';
import { decodeClose, encodeClose, isSendableCloseCode, type ClosePayload } from './close-payload.ts';
import { FrameReader } from './frame-reader.ts';
import { buildFrame, describeFrame, Opcode, type Frame, type FrameSpec } from './frame.ts';
import { FrameCheck, type FrameCheckResult } from './ws-frame-check.ts';

/** How a connection ended, as the server drove it. */
export interface CloseOutcome {
  /** The server's close frame, if one arrived. */
  closeFrame: ClosePayload | undefined;
  /** The server ended the TCP connection (after its close frame, as RFC 6455 §7.1.1 asks). */
  tcpClosed: boolean;
  /** Neither a close frame nor the end of the TCP connection arrived in time. */
  timedOut: boolean;
  /** Data frames that arrived after the wait began and before the close frame (an error frame, say). */
  before: Frame[];
  /** Milliseconds from the start of the wait to the close frame, or to the end of the wait. */
  durationMs: number;
}

type Waiter = { check: () => boolean; done: () => void };

/**
 * An upgraded socket driven by hand: write any frame, read every frame the server sends. The
 * reader takes anything; ws reads the same bytes beside it, and its first objection is kept.
 */
export class RawConnection {
  readonly timeline: Timeline;
  /** Every frame received, in order. */
  readonly frames: Frame[] = [];
  /** Set when ws would have failed the connection on the server's bytes (RSV bits, a masked frame, garbage). */
  invalid: Extract<FrameCheckResult, { kind: 'invalid' }> | undefined;
  readonly #socket: Socket;
  readonly #reader = new FrameReader();
  readonly #check = new FrameCheck();
  readonly #waiters = new Set<Waiter>();
  #ended = false;
  #closeSent = false;

  constructor(socket: Socket, timeline: Timeline, leftover: Buffer = Buffer.alloc(0)) {
    this.#socket = socket;
    this.timeline = timeline;
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (error) => this.timeline.add({ kind: 'error', message: `socket: ${error.message}` }));
    socket.on('close', () => {
      if (!this.#ended) this.timeline.add({ kind: 'note', message: 'server ended the TCP connection' });
      this.#ended = true;
      this.#check.destroy();
      this.#notify();
    });
    this.#check.onResult((result) => {
      if (result.kind !== 'invalid') return;
      this.invalid = result;
      this.timeline.add({
        kind: 'error',
        message: `ws would fail the connection here: ${result.message} (${result.wsCode})`,
      });
      this.#check.destroy();
      this.#notify();
    });
    if (leftover.length > 0) this.#onData(leftover);
    socket.resume();
  }

  /** True once the TCP connection is gone. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Writes one frame built from `spec` (masked unless the spec says otherwise). */
  send(spec: FrameSpec): void {
    if (spec.opcode === Opcode.close) this.#closeSent = true;
    const payload = typeof spec.payload === 'string' ? spec.payload : (spec.payload?.toString('utf8') ?? '');
    this.timeline.add({
      kind: 'out',
      type: describeFrame(spec),
      size: Buffer.byteLength(payload),
      text: spec.opcode === Opcode.text ? payload : '',
    });
    this.sendBytes(buildFrame(spec));
  }

  /** Writes bytes as they are; a write after the server closed is noted, not thrown. */
  sendBytes(bytes: Buffer): void {
    if (this.#ended || this.#socket.destroyed) {
      this.timeline.add({ kind: 'note', message: `not sent (${bytes.length} B): the connection is closed` });
      return;
    }
    this.#socket.write(bytes);
  }

  /**
   * Waits for the first frame at or after index `since` that matches; rejects with E2E_WS_TIMEOUT,
   * E2E_UNEXPECTED_CLOSE, or E2E_RAW_FRAME_INVALID once ws would have failed the connection.
   */
  async waitForFrame(
    match: (f: Frame) => boolean,
    { timeoutMs, since = 0 }: { timeoutMs: number; since?: number },
  ): Promise<Frame> {
    const find = () => this.frames.slice(since).find(match);
    await this.#until(() => find() !== undefined || this.#ended || this.invalid !== undefined, timeoutMs);
    const found = find();
    if (found) return found;
    if (this.invalid) {
      const { message, wsCode } = this.invalid;
      throw new ClientError(
        'E2E_RAW_FRAME_INVALID',
        `${this.timeline.label}: the server sent bytes that are not WebSocket frames (${message}, ${wsCode}) before any matching frame`,
        this.timeline,
      );
    }
    const why = this.#ended ? 'E2E_UNEXPECTED_CLOSE' : 'E2E_WS_TIMEOUT';
    throw new ClientError(
      why,
      `${this.timeline.label}: ${this.#ended ? 'the connection ended' : `no matching frame within ${timeoutMs} ms`}`,
      this.timeline,
    );
  }

  /**
   * Waits up to `timeoutMs` for the server's close frame and the end of TCP. Answers the close
   * frame as a client must (echoing a valid code), and never rejects: the outcome says what happened.
   */
  async awaitClose(timeoutMs: number, since = this.frames.length): Promise<CloseOutcome> {
    const started = performance.now();
    const closeAt = () => this.frames.findIndex((f, i) => i >= since && f.opcode === Opcode.close);
    await this.#until(() => closeAt() !== -1 || this.#ended, timeoutMs);
    const index = closeAt();
    const durationMs = performance.now() - started;
    const frame = index === -1 ? undefined : this.frames[index];
    const closeFrame = frame ? decodeClose(frame.payload) : undefined;
    if (closeFrame && !this.#closeSent && !this.#ended) {
      const code = closeFrame.code !== undefined && isSendableCloseCode(closeFrame.code) ? closeFrame.code : undefined;
      this.send({ opcode: Opcode.close, payload: encodeClose(code) });
    }
    const left = Math.max(0, timeoutMs - (performance.now() - started));
    await this.#until(() => this.#ended, left);
    const before = this.frames.slice(since, index === -1 ? undefined : index).filter((f) => f.opcode < Opcode.close);
    return { closeFrame, tcpClosed: this.#ended, timedOut: !closeFrame && !this.#ended, before, durationMs };
  }

  /** Drops the TCP connection. */
  destroy(): void {
    if (!this.#socket.destroyed) this.#socket.destroy();
    this.#ended = true;
    this.#check.destroy();
    this.#notify();
  }

  #onData(chunk: Buffer): void {
    this.#check.push(chunk);
    const frames: Frame[] = [];
    let failure: Error | undefined;
    try {
      this.#reader.push(chunk, frames);
    } catch (error) {
      failure = error as Error;
    }
    for (const f of frames) {
      this.frames.push(f);
      this.#record(f);
      // Answer pings as any live client would, so a slow check is not cut as an idle one.
      if (f.opcode === Opcode.ping && f.fin && f.payload.length <= 125 && !this.#closeSent) {
        this.sendBytes(buildFrame({ opcode: Opcode.pong, payload: f.payload }));
      }
    }
    if (frames.length > 0) this.#notify();
    if (failure) {
      this.timeline.add({ kind: 'error', message: failure.message });
      this.destroy();
    }
  }

  #record(f: Frame): void {
    if (f.opcode === Opcode.close) {
      const { code, reason } = decodeClose(f.payload);
      this.timeline.add({ kind: 'close', code: code ?? 1005, reason, by: 'server' });
    } else if (f.opcode === Opcode.ping || f.opcode === Opcode.pong) {
      this.timeline.add({ kind: f.opcode === Opcode.ping ? 'ping' : 'pong', direction: 'in', size: f.payload.length });
    } else {
      const text = f.opcode === Opcode.text ? f.payload.toString('utf8') : `<${describeFrame(f)}>`;
      this.timeline.add({ kind: 'in', type: messageType(text), size: f.payload.length, text });
    }
  }

  #until(condition: () => boolean, timeoutMs: number): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter: Waiter = {
        check: condition,
        done: () => (clearTimeout(timer), this.#waiters.delete(waiter), resolve()),
      };
      const timer = setTimeout(waiter.done, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  #notify(): void {
    for (const w of [...this.#waiters]) if (w.check()) w.done();
  }
}

function messageType(text: string): string {
  try {
    const parsed = JSON.parse(text) as { type?: unknown };
    return typeof parsed?.type === 'string' ? parsed.type : '(no type)';
  } catch {
    return text.startsWith('<') ? '(frame)' : '(not json)';
  }
}
