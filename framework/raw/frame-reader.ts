import { E2eError } from '../errors.ts';
import { applyMask, type Frame } from './frame.ts';

/**
 * Incremental frame parser: feed it bytes as they arrive, get whole frames back. It accepts
 * anything a server might send, masked or not, so that the suites can report what they saw.
 */
export class FrameReader {
  readonly #maxPayload: number;
  #buffer: Buffer = Buffer.alloc(0);

  constructor(maxPayload = 16 * 1024 * 1024) {
    this.#maxPayload = maxPayload;
  }

  /** Bytes received but not yet part of a whole frame. */
  get pending(): number {
    return this.#buffer.length;
  }

  /**
   * Adds bytes and returns the whole frames they complete. A frame over the limit throws; pass
   * `frames` to keep those read before it (a ready event, say, in the same chunk as a huge frame).
   */
  push(chunk: Buffer, frames: Frame[] = []): Frame[] {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const frame = this.#next();
      if (!frame) return frames;
      frames.push(frame);
    }
  }

  #next(): Frame | undefined {
    const b = this.#buffer;
    if (b.length < 2) return undefined;
    const masked = (b[1]! & 0x80) !== 0;
    let length = b[1]! & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (b.length < 4) return undefined;
      length = b.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (b.length < 10) return undefined;
      const big = b.readBigUInt64BE(2);
      if (big > BigInt(this.#maxPayload)) throw tooLarge(big);
      length = Number(big);
      offset = 10;
    }
    if (length > this.#maxPayload) throw tooLarge(BigInt(length));
    const keyAt = offset;
    if (masked) offset += 4;
    if (b.length < offset + length) return undefined;
    const body = b.subarray(offset, offset + length);
    const payload = masked ? applyMask(body, b.subarray(keyAt, keyAt + 4)) : Buffer.from(body);
    this.#buffer = b.subarray(offset + length);
    return { fin: (b[0]! & 0x80) !== 0, rsv: (b[0]! >> 4) & 0x7, opcode: b[0]! & 0xf, masked, payload };
  }
}

function tooLarge(length: bigint): E2eError {
  return new E2eError('E2E_RAW_FRAME_INVALID', `the peer announced a ${length}-byte frame, over the reader's limit`);
}
