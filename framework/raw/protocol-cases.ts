import { encodeClose } from './close-payload.ts';
import { Opcode, type FrameSpec } from './frame.ts';

/** A protocol violation (or a clean close) sent after a real handshake, and the close the server owes it. */
export interface ProtocolCase {
  /** Autobahn|Testsuite case number; its id and test name cite it. */
  autobahn: string | undefined;
  id: string;
  /** What the client does, as a finding would say it: "a ping with a 126-byte payload". */
  action: string;
  expectation: string;
  /** Close codes that satisfy the case. */
  codes: number[];
  /** Set when the frames depend on the server's payload limit. */
  needsPayloadLimit?: boolean;
  frames(limits: { maxPayloadBytes: number }): FrameSpec[];
}

// Autobahn 6.3.1: "κόσμε" with a UTF-16 surrogate (ED A0 80) in the middle, then "edited".
const INVALID_UTF8 = Buffer.from('cebae1bdb9cf83cebcceb5eda080656469746564', 'hex');
const close = (code: number): FrameSpec[] => [{ opcode: Opcode.close, payload: encodeClose(code) }];

const INVALID_CLOSE_CODES = [0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999];

/**
 * RFC 6455 checks a conforming client library will not let a test send. Numbers follow
 * Autobahn|Testsuite (2.5, 4.1.1, 5.1, 6.3.1, 7.3.2, 7.7.x, 7.9.x); the size limit has no case there.
 */
export const PROTOCOL_CASES: readonly ProtocolCase[] = [
  {
    autobahn: undefined,
    id: 'close-codes/rfc6455-7.4.1/oversized',
    codes: [1009],
    needsPayloadLimit: true,
    action: 'a text message one byte over the stated payload limit',
    expectation: 'close 1009 (message too big), RFC 6455 §7.4.1',
    frames: ({ maxPayloadBytes }) => [{ opcode: Opcode.text, payload: Buffer.alloc(maxPayloadBytes + 1, 0x78) }],
  },
  {
    autobahn: '6.3.1',
    id: 'close-codes/6.3.1/invalid-utf8',
    codes: [1007],
    action: 'a text frame of invalid UTF-8',
    expectation: 'close 1007 (invalid frame payload data), RFC 6455 §8.1',
    frames: () => [{ opcode: Opcode.text, payload: INVALID_UTF8 }],
  },
  {
    autobahn: '2.5',
    id: 'close-codes/2.5/ping-126',
    codes: [1002],
    action: 'a ping with a 126-byte payload',
    expectation: 'close 1002: control frames carry at most 125 bytes, RFC 6455 §5.5',
    frames: () => [{ opcode: Opcode.ping, payload: Buffer.alloc(126, 0xfe) }],
  },
  {
    autobahn: '5.1',
    id: 'close-codes/5.1/fragmented-ping',
    codes: [1002],
    action: 'a ping fragmented into two frames',
    expectation: 'close 1002: control frames must not be fragmented, RFC 6455 §5.5',
    frames: () => [
      { opcode: Opcode.ping, payload: 'fragment1', fin: false },
      { opcode: Opcode.continuation, payload: 'fragment2', fin: true },
    ],
  },
  {
    autobahn: '4.1.1',
    id: 'close-codes/4.1.1/reserved-opcode-3',
    codes: [1002],
    action: 'a frame with the reserved opcode 3',
    expectation: 'close 1002: reserved opcodes fail the connection, RFC 6455 §5.2',
    frames: () => [{ opcode: 0x3 }],
  },
  {
    autobahn: '7.3.2',
    id: 'close-codes/7.3.2/close-1-byte',
    codes: [1002],
    action: 'a close frame with a 1-byte payload',
    expectation: 'close 1002: a close body is empty or at least a 2-byte code, RFC 6455 §5.5.1',
    frames: () => [{ opcode: Opcode.close, payload: Buffer.from('*') }],
  },
  ...INVALID_CLOSE_CODES.map((code, i): ProtocolCase => ({
    autobahn: `7.9.${i + 1}`,
    id: `close-codes/7.9.${i + 1}/${code}`,
    codes: [1002],
    action: `a close frame with the invalid code ${code}`,
    expectation: 'close 1002: the code may not be sent on the wire, RFC 6455 §7.4',
    frames: () => close(code),
  })),
  {
    autobahn: '7.7.1',
    id: 'close-codes/7.7.1/client-close-1000',
    codes: [1000],
    action: 'a client close with 1000',
    expectation: 'close 1000 echoed, then the server ends TCP, RFC 6455 §5.5.1',
    frames: () => close(1000),
  },
  {
    autobahn: '7.7.12',
    id: 'close-codes/7.7.12/client-close-4000',
    codes: [4000, 1000],
    action: 'a client close with the application code 4000',
    expectation: 'close 4000 echoed (Autobahn also accepts 1000), then the server ends TCP',
    frames: () => close(4000),
  },
];
