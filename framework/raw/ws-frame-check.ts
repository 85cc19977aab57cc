import * as ws from 'ws';

/** The part of ws's frame parser used here: exported by the package, absent from its type definitions. */
interface WsReceiver {
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): this;
  on(event: 'conclude', listener: (code: number) => void): this;
  on(event: 'ping' | 'pong', listener: () => void): this;
  on(event: 'error', listener: (error: Error & { code?: unknown }) => void): this;
  write(chunk: Buffer): boolean;
  destroy(): void;
  readonly destroyed: boolean;
}
type WsReceiverClass = new (options: { isServer: boolean; maxPayload: number }) => WsReceiver;

const Receiver = (ws as unknown as { Receiver: WsReceiverClass }).Receiver;

/** What the bytes of a server came to, read by ws as a client reads them. */
export type FrameCheckResult = { kind: 'frame'; what: string } | { kind: 'invalid'; message: string; wsCode: string };

/**
 * Reads the bytes a server sent after its 101 as ws would, so that a target is judged by the
 * parser real clients use: the first message or control frame, or the first protocol error ws
 * raises (`Invalid WebSocket frame: RSV1 must be clear`, code `WS_ERR_UNEXPECTED_RSV_1`).
 */
export class FrameCheck {
  /** The first error ws raised on these bytes; later bytes are not read. */
  invalid: Extract<FrameCheckResult, { kind: 'invalid' }> | undefined;
  /** Messages and control frames ws has read so far. */
  frames = 0;
  readonly #receiver: WsReceiver;
  readonly #listeners = new Set<(result: FrameCheckResult) => void>();

  constructor(maxPayloadBytes = 16 * 1024 * 1024) {
    this.#receiver = new Receiver({ isServer: false, maxPayload: maxPayloadBytes });
    const frame = (what: string) => {
      this.frames += 1;
      this.#emit({ kind: 'frame', what });
    };
    this.#receiver.on('message', (data, isBinary) =>
      frame(isBinary ? `a binary message of ${data.length} bytes` : `a text message of ${data.length} bytes`),
    );
    this.#receiver.on('conclude', (code) => frame(`a close frame (${code})`));
    this.#receiver.on('ping', () => frame('a ping'));
    this.#receiver.on('pong', () => frame('a pong'));
    this.#receiver.on('error', (error) => {
      this.invalid ??= {
        kind: 'invalid',
        message: error.message,
        wsCode: typeof error.code === 'string' ? error.code : 'WS_ERR_UNKNOWN',
      };
      this.#emit(this.invalid);
    });
  }

  /** Feeds bytes as they arrive; nothing is read after the first error. */
  push(chunk: Buffer): void {
    if (!this.invalid && !this.#receiver.destroyed) this.#receiver.write(chunk);
  }

  /** Calls `listener` with each frame read and with the first error. */
  onResult(listener: (result: FrameCheckResult) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops reading and lets go of whatever ws buffered. */
  destroy(): void {
    this.#listeners.clear();
    this.#receiver.destroy();
  }

  #emit(result: FrameCheckResult): void {
    for (const listener of this.#listeners) listener(result);
  }
}
