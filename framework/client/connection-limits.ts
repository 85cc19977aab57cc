import type WebSocket from 'ws';
import { CLIENT_DEFAULTS } from './client-defaults.ts';
import { frameFault, keepCapFault, type ConnectionFault } from './errors.ts';

/** The largest message a client takes when the config does not say (CLIENT_DEFAULTS.maxPayloadBytes). */
export const DEFAULT_MAX_PAYLOAD_BYTES = CLIENT_DEFAULTS.maxPayloadBytes;

/**
 * Messages one connection keeps; the next one closes it (1008), as does a message past four times
 * the payload limit in all. A long run streamed token by token sends a few thousand messages: this
 * is ten times that, and holds a flooding target's events to megabytes.
 */
export const MAX_MESSAGES_PER_CONNECTION = 20_000;

/** How much one connection takes from its server before the harness closes it, whatever the server sends. */
export class ConnectionLimits {
  /** Largest single message (ws's `maxPayload`). */
  readonly maxPayloadBytes: number;
  #messages = 0;
  #bytes = 0;

  constructor(maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES) {
    this.maxPayloadBytes = maxPayloadBytes;
  }

  /** Counts one message of `bytes`; returns the fault when it is one message, or one byte, too many. */
  admit(bytes: number): ConnectionFault | undefined {
    this.#messages += 1;
    this.#bytes += bytes;
    if (this.#messages > MAX_MESSAGES_PER_CONNECTION) return keepCapFault({ messages: MAX_MESSAGES_PER_CONNECTION });
    if (this.#bytes > 4 * this.maxPayloadBytes)
      return keepCapFault({ bytes: 4 * this.maxPayloadBytes, maxPayloadBytes: this.maxPayloadBytes });
    return undefined;
  }

  /** The fault behind an error ws raised on the server's bytes. */
  faultOf(error: Error, ws: WebSocket): ConnectionFault {
    return frameFault(error, this.maxPayloadBytes, announcedLength(ws));
  }
}

// ws knows the size a message over the limit declared when it refuses it, but keeps it on its
// receiver, not on the error. Read defensively: without it the fault is reported without the size.
function announcedLength(ws: WebSocket): number | undefined {
  const receiver = (ws as unknown as { _receiver?: { _totalPayloadLength?: unknown } })._receiver;
  const length = receiver?._totalPayloadLength;
  return typeof length === 'number' && length > 0 ? length : undefined;
}
