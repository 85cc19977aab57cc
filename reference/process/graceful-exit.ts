import type { Logger } from '../log/json-logger.ts';

export interface GracefulExitOptions {
  readonly log: Logger;
  /** Closes everything; the process exits 0 when it settles. */
  readonly shutdown: () => Promise<void>;
  /** Also stop when stdin ends: the parent died or closed the pipe (no orphans). */
  readonly exitWithStdin: boolean;
  /** Give up waiting and exit after this long. */
  readonly forceAfterMs?: number;
}

/**
 * SIGTERM/SIGINT (and optionally stdin's end) → graceful shutdown, forced after a deadline. Started
 * with an IPC channel (`golden-path reference`), the channel's end stops it too: the parent is gone.
 */
export function installGracefulExit(options: GracefulExitOptions): void {
  let stopping = false;
  const stop = (trigger: string): void => {
    if (stopping) return;
    stopping = true;
    options.log.info('shutting down', { trigger });
    const force = setTimeout(() => {
      options.log.warn('shutdown took too long, forcing exit', { after_ms: options.forceAfterMs ?? 2_000 });
      process.exit(0);
    }, options.forceAfterMs ?? 2_000);
    force.unref();
    options
      .shutdown()
      .then(() => {
        options.log.info('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        options.log.error('shutdown failed', { error: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  if (process.channel) process.once('disconnect', () => stop('parent gone'));
  if (options.exitWithStdin) {
    process.stdin.on('end', () => stop('stdin end'));
    process.stdin.on('close', () => stop('stdin closed'));
    process.stdin.on('error', () => stop('stdin error'));
    process.stdin.resume();
  }
}
