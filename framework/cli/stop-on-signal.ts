import type { StopSignal } from '../process/stop-request.ts';
import type { SupervisedChild } from '../process/supervised-child.ts';
import { watchParent } from '../process/watch-parent.ts';

/**
 * How long a stopped run has to write its reports and stop the target before it is killed: a stop
 * takes at most 2 s, and the kill and the exits that follow it need a moment too.
 */
const STOP_GRACE_MS = 1_500;

export interface RunStop {
  /** The first SIGINT or SIGTERM (SIGTERM when the parent died); undefined while the run goes on. */
  readonly signal: StopSignal | undefined;
  /** Makes `child` the one a stop goes to; stops it at once if a stop came before it started. */
  supervise(child: SupervisedChild): void;
  dispose(): void;
}

/**
 * Ends `golden-path run` on SIGINT, SIGTERM, or the death of the process that started it (npm, npx,
 * a shell, a CI runner — even by SIGKILL): the vitest child is asked to stop and is killed after
 * STOP_GRACE_MS. A second SIGINT or SIGTERM kills it at once.
 */
export function stopOnSignal(say: (line: string) => void): RunStop {
  let signal: StopSignal | undefined;
  let child: SupervisedChild | undefined;
  const stop = (received: StopSignal, why: string) => {
    if (!signal) say(`golden-path: ${why}: stopping the run, writing the reports of what ran`);
    signal ??= received;
    child?.stop(received, STOP_GRACE_MS);
  };
  const onInt = () => stop('SIGINT', 'SIGINT (again to stop at once)');
  const onTerm = () => stop('SIGTERM', 'SIGTERM (again to stop at once)');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  // A stop already under way is not hurried by the parent's death: the deadline holds either way.
  const watch = watchParent((pid) => {
    if (!signal) stop('SIGTERM', `the process that started the run (pid ${pid}) is gone`);
  });
  return {
    get signal() {
      return signal;
    },
    supervise(next) {
      child = next;
      if (signal) next.stop(signal, STOP_GRACE_MS);
    },
    dispose() {
      watch.stop();
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
