import { randomBytes } from 'node:crypto';

/** RFC 6455 §5.2 opcodes. 0x3–0x7 and 0xB–0xF are reserved. */
export const Opcode = {
  continuation: 0x0,
  text: 0x1,
  binary: 0x2,
  close: 0x8,
  ping: 0x9,
  pong: 0xa,
} as const;

/** One frame as read off the wire. */
export interface Frame {
  fin: boolean;
  /** The three reserved bits, RSV1 as 4, RSV2 as 2, RSV3 as 1. */
  rsv: number;
  opcode: number;
  masked: boolean;
  payload: Buffer;
}

/** A frame to write. Everything a conforming client would refuse to send can be set here. */
export interface FrameSpec {
  opcode: number;
  payload?: Buffer | string;
  /** Default true. */
  fin?: boolean;
  rsv?: number;
  /** Default true: a client must mask every frame (RFC 6455 §5.3). */
  mask?: boolean;
  /** A fixed masking key (4 bytes), for tests; random otherwise. */
  maskKey?: Buffer;
}

/**
 * Encodes one frame byte for byte: 7-, 16- or 64-bit length as the payload needs, masked
 * unless told otherwise. No validation, on purpose: this is how the suites send what `ws` will not.
 * @example buildFrame({ opcode: Opcode.ping, payload: Buffer.alloc(126) }) // Autobahn 2.5
 */
export function buildFrame(spec: FrameSpec): Buffer {
  const payload =
    typeof spec.payload === 'string' ? Buffer.from(spec.payload, 'utf8') : (spec.payload ?? Buffer.alloc(0));
  const mask = spec.mask ?? true;
  const length = payload.length;
  const extended = length < 126 ? 0 : length <= 0xffff ? 2 : 8;
  const head = Buffer.alloc(2 + extended + (mask ? 4 : 0));
  head[0] = ((spec.fin ?? true) ? 0x80 : 0) | (((spec.rsv ?? 0) & 0x7) << 4) | (spec.opcode & 0xf);
  head[1] = (mask ? 0x80 : 0) | (extended === 0 ? length : extended === 2 ? 126 : 127);
  if (extended === 2) head.writeUInt16BE(length, 2);
  if (extended === 8) head.writeBigUInt64BE(BigInt(length), 2);
  if (!mask) return Buffer.concat([head, payload]);
  const key = spec.maskKey ?? randomBytes(4);
  key.copy(head, 2 + extended);
  return Buffer.concat([head, applyMask(payload, key)]);
}

/** XORs `data` with the 4-byte key (masking and unmasking are the same operation). */
export function applyMask(data: Buffer, key: Buffer): Buffer {
  const out = Buffer.allocUnsafe(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]! ^ key[i & 3]!;
  return out;
}

/** A short description of a frame for a timeline: `ping 126 B fin=0 rsv=0`. */
export function describeFrame(f: { opcode: number; fin?: boolean; rsv?: number; payload?: Buffer | string }): string {
  const size = typeof f.payload === 'string' ? Buffer.byteLength(f.payload) : (f.payload?.length ?? 0);
  const name = Object.entries(Opcode).find(([, code]) => code === f.opcode)?.[0] ?? `opcode 0x${f.opcode.toString(16)}`;
  const flags = [(f.fin ?? true) ? '' : 'fin=0', f.rsv ? `rsv=${f.rsv}` : ''].filter(Boolean).join(' ');
  return `${name} ${size} B${flags ? ` ${flags}` : ''}`;
}
