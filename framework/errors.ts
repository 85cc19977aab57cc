/** Stable codes a caller can switch on; every harness error carries one. */
export type E2eErrorCode =
  | 'E2E_CONFIG_MISSING'
  | 'E2E_CONFIG_INVALID'
  | 'E2E_CONTRACT_INVALID'
  | 'E2E_TARGET_START_FAILED'
  | 'E2E_TARGET_UNREACHABLE'
  | 'E2E_LOGIN_FAILED'
  | 'E2E_AUTH_UNREACHABLE'
  | 'E2E_TOKEN_UNAVAILABLE'
  | 'E2E_HANDSHAKE_REFUSED'
  | 'E2E_HANDSHAKE_FAILED'
  | 'E2E_HANDSHAKE_TIMEOUT'
  | 'E2E_WS_TIMEOUT'
  | 'E2E_UNEXPECTED_CLOSE'
  | 'E2E_NOT_OPEN'
  | 'E2E_USAGE'
  | 'E2E_REPORT_INVALID'
  | 'E2E_LOAD_CAPACITY'
  | 'E2E_LOAD_THRESHOLD'
  | 'E2E_LOAD_WORKER_FAILED'
  | 'E2E_SHARD_INVALID'
  | 'E2E_RAW_FRAME_INVALID'
  | 'E2E_CHECK_FAILED'
  | 'E2E_RECONNECT_FAILED'
  | 'E2E_PREFLIGHT_FAILED'
  | 'E2E_TARGET_CONTROL'
  | 'E2E_GATE'
  | 'E2E_BLOCKED'
  | 'E2E_BROWSER_UNAVAILABLE'
  | 'E2E_BROWSER_FAILED';

/**
 * Base class of every error the harness throws on purpose: `message` is one sentence, `code` is
 * stable, and `evidence` (a connection's timeline, the reconnects) is what happened before it.
 * @example throw new E2eError('E2E_WS_TIMEOUT', 'alice#1: waited 5000 ms for "agent_completed"', { evidence })
 */
export class E2eError extends Error {
  readonly code: E2eErrorCode;
  /** Several lines of what led to the error; the reporter prints them under the message. */
  readonly evidence: string | undefined;

  constructor(code: E2eErrorCode, message: string, options?: { cause?: unknown; evidence?: string | undefined }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'E2eError';
    this.code = code;
    this.evidence = options?.evidence;
    // Whatever prints only the stack (node on an uncaught error, a JSON reporter) still shows the evidence.
    if (this.evidence && typeof this.stack === 'string') this.stack = withEvidence(this.stack, this.evidence);
  }
}

/** A message followed by its evidence, as a failure is printed and reported. */
export function messageWithEvidence(message: string, evidence: string | undefined): string {
  return evidence ? `${message}\n\n${evidence}` : message;
}

// The evidence goes between the stack's header and its frames, where a multi-line message would be.
function withEvidence(stack: string, evidence: string): string {
  const frames = stack.search(/\n\s+at /);
  return frames < 0
    ? messageWithEvidence(stack, evidence)
    : `${messageWithEvidence(stack.slice(0, frames), evidence)}${stack.slice(frames)}`;
}

/** Configuration problems: the run stops with exit code 2 and this one message. */
export class ConfigError extends E2eError {
  readonly variable: string;
  readonly file: string | undefined;

  constructor(code: 'E2E_CONFIG_MISSING' | 'E2E_CONFIG_INVALID', variable: string, message: string, file?: string) {
    super(code, `${variable}: ${message}${file ? ` (file: ${file})` : ''}`);
    this.name = 'ConfigError';
    this.variable = variable;
    this.file = file;
  }
}
