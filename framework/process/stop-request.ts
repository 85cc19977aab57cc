/** The signals that end a run early; `golden-path run` exits 130 for SIGINT, 143 for SIGTERM. */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/**
 * What `golden-path run` sends its vitest process over IPC instead of a signal: vitest exits at
 * once on SIGINT and SIGTERM, while this request cancels the run, so that the reporters still
 * write what ran and the global teardown still stops the target.
 */
export interface StopRequest {
  type: 'golden-path:stop';
  signal: StopSignal;
}

export function stopRequest(signal: StopSignal): StopRequest {
  return { type: 'golden-path:stop', signal };
}

export function isStopRequest(message: unknown): message is StopRequest {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'golden-path:stop';
}
