import { E2eError, type E2eErrorCode } from '../errors.ts';
import { redactor } from '../report/redactor.ts';
import type { Timeline } from './timeline.ts';

/**
 * An error about one connection: a one-sentence `message`, and as `evidence` that connection's
 * timeline as it stood when the error was raised (`timeline` goes on growing).
 */
export class ClientError extends E2eError {
  readonly timeline: Timeline;

  constructor(code: E2eErrorCode, message: string, timeline: Timeline, options?: { cause?: unknown }) {
    super(code, redactor.redact(message), { ...options, evidence: timeline.render() });
    this.name = 'ClientError';
    this.timeline = timeline;
  }
}

/** The server refused the upgrade, or the handshake failed (or timed out) before a 101. */
export class HandshakeError extends ClientError {
  /** HTTP status of a refused upgrade, when the server answered one. */
  readonly status: number | undefined;
  readonly body: string | undefined;
  readonly headers: Record<string, string | string[] | undefined>;
  /** The system error of a handshake that failed on the network (`ECONNREFUSED`, `ECONNRESET`, ...). */
  readonly errno: string | undefined;

  constructor(
    message: string,
    timeline: Timeline,
    response?: { status: number; body: string; headers: Record<string, string | string[] | undefined> },
    failure?: { timedOut: boolean; errno?: string | undefined },
  ) {
    const code = response
      ? 'E2E_HANDSHAKE_REFUSED'
      : failure?.timedOut
        ? 'E2E_HANDSHAKE_TIMEOUT'
        : 'E2E_HANDSHAKE_FAILED';
    super(code, message, timeline);
    this.name = 'HandshakeError';
    this.status = response?.status;
    this.body = response?.body;
    this.headers = response?.headers ?? {};
    this.errno = failure?.errno;
  }
}

/** What the server sent that the harness would not take after the upgrade, and the close code it answered with. */
export interface ConnectionFault {
  /** RFC 6455 §7.4.1: 1009 too big, 1007 bad UTF-8, 1008 over the message cap, 1002 anything else. */
  closeCode: number;
  /** ws's stable code (`WS_ERR_UNEXPECTED_RSV_1`, `WS_ERR_UNSUPPORTED_MESSAGE_LENGTH`, ...), or `MESSAGE_CAP`. */
  code: string;
  /** One sentence: what arrived, what limit or rule it broke, what the harness did. */
  message: string;
  /** Short enough for a CloseInfo reason and a report line. */
  reason: string;
}

/**
 * Reads an error ws raised on the server's bytes into a ConnectionFault. `announcedBytes` is the
 * size the message declared, when known; `maxPayloadBytes` is the limit it was held to.
 */
export function frameFault(
  error: Error & { code?: unknown },
  maxPayloadBytes: number,
  announcedBytes?: number,
): ConnectionFault {
  const code = typeof error.code === 'string' ? error.code : 'WS_ERR_UNKNOWN';
  const closeCode = wsStatusOf(error) ?? 1002;
  if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
    const what = announcedBytes !== undefined ? `a message of ${announcedBytes} bytes` : 'a message';
    return {
      closeCode,
      code,
      reason: `${what} over E2E_MAX_PAYLOAD_BYTES=${maxPayloadBytes}`,
      message: `the server sent ${what}, over E2E_MAX_PAYLOAD_BYTES=${maxPayloadBytes}: the harness closed the connection with ${closeCode} without reading it (raise the variable if the target means to send messages this large)`,
    };
  }
  return {
    closeCode,
    code,
    reason: `not a WebSocket frame: ${error.message}`,
    message: `the server sent bytes that are not a valid WebSocket frame (${error.message}, ${code}): the harness closed the connection with ${closeCode}`,
  };
}

/** The server sent more on one connection than the harness keeps for one: `messages` messages, or `bytes` bytes of them. */
export function keepCapFault(cap: { messages: number } | { bytes: number; maxPayloadBytes: number }): ConnectionFault {
  const over =
    'messages' in cap
      ? { code: 'MESSAGE_CAP', what: `more than ${cap.messages} messages` }
      : {
          code: 'BYTES_CAP',
          what: `more than ${cap.bytes} bytes of messages (4 × E2E_MAX_PAYLOAD_BYTES=${cap.maxPayloadBytes})`,
        };
  return {
    closeCode: 1008,
    code: over.code,
    reason: `${over.what} on one connection`,
    message: `the server sent ${over.what} on one connection, the most the harness keeps for one: it closed the connection with 1008 (a flood, or a run that never ends)`,
  };
}

// ws keeps the close code it answers an error with under a symbol it does not export.
function wsStatusOf(error: Error): number | undefined {
  const key = Object.getOwnPropertySymbols(error).find((s) => s.description === 'status-code');
  const status = key === undefined ? undefined : (error as unknown as Record<symbol, unknown>)[key];
  return typeof status === 'number' ? status : undefined;
}
