import { spawn, type ChildProcess } from 'node:child_process';
import { stopRequest, type StopSignal } from './stop-request.ts';

export interface SupervisedChild {
  /** Resolves with the child's exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  /**
   * Sends a stop request and kills the child's process group if it has not exited within `graceMs`;
   * called again, kills at once. Once the child has exited, whatever it left in its group goes too.
   */
  stop(signal: StopSignal, graceMs: number): void;
}

const GROUPS = process.platform !== 'win32';

/**
 * Runs a Node script with this process's stdio and an IPC channel, in a process group of its own:
 * a Ctrl-C at the terminal reaches this process only, which decides how the child stops, and the
 * child with everything it started (workers, the reference stack) can be killed as one group.
 * @example const vitest = superviseChild([entry, 'run'], { cwd, env }); process.once('SIGINT', () => vitest.stop('SIGINT', 1500));
 */
export function superviseChild(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): SupervisedChild {
  const child = spawn(process.execPath, args, {
    ...options,
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    detached: GROUPS,
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
  return { exited, stop: stopper(child, exited) };
}

function stopper(child: ChildProcess, exited: Promise<unknown>): SupervisedChild['stop'] {
  let deadline: NodeJS.Timeout | undefined;
  return (signal, graceMs) => {
    if (deadline) return killGroup(child);
    // The child may not listen yet (vitest loads its config first): the deadline covers that too.
    if (child.connected) child.send(stopRequest(signal), () => undefined);
    deadline = setTimeout(() => killGroup(child), graceMs);
    const afterExit = () => {
      clearTimeout(deadline);
      killGroup(child);
    };
    void exited.then(afterExit, afterExit);
  };
}

function killGroup(child: ChildProcess): void {
  try {
    if (GROUPS) process.kill(-child.pid!, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    // ESRCH: nothing left in the group.
  }
}
