import { describe, expect, it } from 'vitest';
import type { EventEmitter } from 'node:events';
import * as ws from 'ws';
import { decodeClose, encodeClose, isSendableCloseCode } from '../../framework/raw/close-payload.ts';
import { applyMask, buildFrame, describeFrame, Opcode } from '../../framework/raw/frame.ts';
import { FrameReader } from '../../framework/raw/frame-reader.ts';
import { PROTOCOL_CASES } from '../../framework/raw/protocol-cases.ts';

// ws's frame parser; @types/ws does not declare it, the module exports it.
type ReceiverLike = EventEmitter & { write(chunk: Buffer): boolean };
const { Receiver } = ws as unknown as { Receiver: new (o: { isServer: boolean; maxPayload: number }) => ReceiverLike };

/** Feeds bytes to ws's own server-side parser: what a real server makes of a frame. */
function serverParse(
  bytes: Buffer,
  maxPayload = 1024,
): Promise<{ message?: Buffer; ping?: Buffer; close?: number; error?: { code: string; status: number } }> {
  return new Promise((resolve) => {
    const receiver = new Receiver({ isServer: true, maxPayload });
    receiver.on('message', (data: Buffer) => resolve({ message: data }));
    receiver.on('ping', (data: Buffer) => resolve({ ping: data }));
    receiver.on('conclude', (code: number) => resolve({ close: code }));
    receiver.on('error', (error: Error & { code: string; [key: symbol]: number }) => {
      const status =
        Object.getOwnPropertySymbols(error)
          .map((s) => error[s])
          .find((v) => typeof v === 'number') ?? 0;
      resolve({ error: { code: error.code, status } });
    });
    receiver.write(bytes);
  });
}

describe('buildFrame', () => {
  it('masks every client frame and picks the 7-, 16- or 64-bit length form', () => {
    for (const [size, lengthByte, headLength] of [
      [10, 10, 6],
      [126, 126, 8],
      [70_000, 127, 14],
    ] as const) {
      const payload = Buffer.alloc(size, 0x61);
      const frame = buildFrame({ opcode: Opcode.binary, payload, maskKey: Buffer.from([1, 2, 3, 4]) });
      expect(frame[0]).toBe(0x82);
      expect(frame[1]).toBe(0x80 | lengthByte);
      expect(frame.length).toBe(headLength + size);
      expect(applyMask(frame.subarray(headLength), Buffer.from([1, 2, 3, 4]))).toEqual(payload);
    }
  });

  it('writes fin, rsv and any opcode as told, unmasked on request', () => {
    const frame = buildFrame({ opcode: 0x3, fin: false, rsv: 4, mask: false, payload: 'x' });
    expect([...frame]).toEqual([0x43, 0x01, 0x78]);
  });

  it('produces frames a real server parser reads back (text, ping, close)', async () => {
    expect((await serverParse(buildFrame({ opcode: Opcode.text, payload: 'héllo' }))).message?.toString()).toBe(
      'héllo',
    );
    expect((await serverParse(buildFrame({ opcode: Opcode.ping, payload: 'p' }))).ping?.toString()).toBe('p');
    expect((await serverParse(buildFrame({ opcode: Opcode.close, payload: encodeClose(4000, 'bye') }))).close).toBe(
      4000,
    );
  });

  it("makes each protocol case a violation that ws rejects with the case's close code", async () => {
    for (const c of PROTOCOL_CASES.filter((p) => p.codes[0] !== 1000 && p.codes[0] !== 4000)) {
      const bytes = Buffer.concat(c.frames({ maxPayloadBytes: 1024 }).map((f) => buildFrame(f)));
      const parsed = await serverParse(bytes);
      expect(parsed.error?.status, `${c.id}: ${JSON.stringify(parsed)}`).toBe(c.codes[0]);
    }
  });

  it('describes frames for a timeline', () => {
    expect(describeFrame({ opcode: Opcode.ping, payload: Buffer.alloc(126), fin: false })).toBe('ping 126 B fin=0');
    expect(describeFrame({ opcode: 0xb })).toBe('opcode 0xb 0 B');
  });
});

describe('FrameReader', () => {
  const frames = [
    buildFrame({ opcode: Opcode.text, payload: '{"type":"connection_established"}', mask: false }),
    buildFrame({ opcode: Opcode.binary, payload: Buffer.alloc(300, 1), mask: false }),
    buildFrame({ opcode: Opcode.close, payload: encodeClose(1002, 'protocol error'), mask: false }),
  ];

  it('reads whole frames however the bytes are chunked', () => {
    const all = Buffer.concat(frames);
    const reader = new FrameReader();
    const read = [...all].flatMap((byte) => reader.push(Buffer.from([byte])));
    expect(read.map((f) => [f.opcode, f.payload.length])).toEqual([
      [1, 33],
      [2, 300],
      [8, 16],
    ]);
    expect(decodeClose(read[2]!.payload)).toEqual({ code: 1002, reason: 'protocol error' });
    expect(reader.pending).toBe(0);
    expect(new FrameReader().push(all)).toHaveLength(3);
  });

  it('unmasks masked frames and keeps the header bits', () => {
    const [frame] = new FrameReader().push(buildFrame({ opcode: Opcode.text, payload: 'masked', fin: false, rsv: 2 }));
    expect(frame).toMatchObject({ fin: false, rsv: 2, masked: true, opcode: 1 });
    expect(frame!.payload.toString()).toBe('masked');
  });

  it('refuses a frame over its limit with a typed error', () => {
    const reader = new FrameReader(100);
    expect(() =>
      reader.push(buildFrame({ opcode: Opcode.binary, payload: Buffer.alloc(70_000), mask: false })),
    ).toThrow(expect.objectContaining({ code: 'E2E_RAW_FRAME_INVALID' }));
  });
});

describe('close payloads', () => {
  it('encodes any code, valid or not, and decodes what arrives', () => {
    expect([...encodeClose(1005)]).toEqual([0x03, 0xed]);
    expect(encodeClose()).toHaveLength(0);
    expect(decodeClose(Buffer.alloc(0))).toEqual({ code: undefined, reason: '' });
    expect(decodeClose(Buffer.from('*'))).toEqual({ code: undefined, reason: '(1-byte body 0x2a)' });
  });

  it('knows which codes may be sent on the wire', () => {
    expect([1000, 1001, 1002, 1003, 1007, 1011, 1014, 3000, 4999].every(isSendableCloseCode)).toBe(true);
    expect([0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000].some(isSendableCloseCode)).toBe(false);
  });
});
