import { isStopRequest, type StopSignal } from './stop-request.ts';
import { watchParent } from './watch-parent.ts';

export interface FollowParentOptions {
  /** `golden-path run` asked to end the run early (it got SIGINT or SIGTERM). */
  onStopRequest(signal: StopSignal): void;
  /** The process that started this one is gone: nobody is waiting for a result. */
  onParentGone(): void;
}

export interface ParentLink {
  /** Stops listening; the IPC channel no longer keeps this process alive. */
  release(): void;
}

/**
 * Ties this process to the one that started it. Under `golden-path run` that is an IPC channel:
 * stop requests arrive on it, and its end says the parent died, even by SIGKILL. Started any other
 * way (`npx vitest run --project e2e`), the parent is watched by polling.
 */
export function followParent(options: FollowParentOptions): ParentLink {
  if (!process.send) {
    const watch = watchParent(() => options.onParentGone());
    return { release: () => watch.stop() };
  }
  // Started with a channel that has already closed: the parent died while this process started.
  if (!process.connected) {
    options.onParentGone();
    return { release: () => undefined };
  }
  const onMessage = (message: unknown) => isStopRequest(message) && options.onStopRequest(message.signal);
  const onDisconnect = () => options.onParentGone();
  process.on('message', onMessage);
  process.once('disconnect', onDisconnect);
  return {
    release: () => {
      process.off('message', onMessage);
      process.off('disconnect', onDisconnect);
    },
  };
}
