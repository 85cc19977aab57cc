/**
 * What a client waits for and takes when its caller does not say: the one place these are set.
 * The env file's timeouts (config) are passed in by the fixtures and override them.
 */
export const CLIENT_DEFAULTS = {
  /** From the connect to the 101 (ws's `handshakeTimeout`). */
  handshakeTimeoutMs: 5_000,
  /** Longest wait for one event, and longest silence within a run before it is declared stalled. */
  eventTimeoutMs: 5_000,
  /** Longest a whole run may take, reconnects included. */
  runTimeoutMs: 15_000,
  /** Quiet window after a run's completion, to catch late or duplicate events. */
  settleMs: 50,
  /** Wait for the server's answer to a close frame before dropping the TCP connection. */
  closeHandshakeMs: 2_000,
  /** Wait for the close after dropping the TCP connection. */
  terminateMs: 1_000,
  /** 16 MiB: far above what a chat contract states (the reference takes 64 KiB), far below what exhausts the harness. */
  maxPayloadBytes: 16 * 1024 * 1024,
  /** A reconnecting client gives up when no connection has held within this long after a drop. */
  reconnectWithinMs: 30_000,
  /** A connection holds once it stays open this long (or completes a run); only then does the backoff start over. */
  minUptimeMs: 5_000,
  /** Growth of the reconnect delay per attempt after the first (binary exponential). */
  backoffFactor: 2,
  /** Reconnect attempts between two resets of the backoff. */
  backoffMaxAttempts: 10,
} as const;
