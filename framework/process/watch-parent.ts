import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

export interface ParentWatch {
  stop(): void;
}

/** Shells that npm, npx and CI steps put between a command and the process that started it. */
const SHELLS = new Set(['sh', 'dash', 'bash', 'zsh', 'ash', 'ksh']);

/**
 * Calls `onGone` once the process that started this one has died, even by SIGKILL, which leaves
 * it no chance to say so. A changed `process.ppid` means this process was re-parented. When the
 * parent is a `sh -c` wrapper (npm run and npx start commands that way), killing npm orphans the
 * shell, not this process, so the shell's parent is watched too.
 * @example const watch = watchParent(() => process.exit(143)); // … watch.stop()
 */
export function watchParent(onGone: (pid: number) => void, intervalMs = 200): ParentWatch {
  const parent = process.ppid;
  const launcher = wrapperParent(parent);
  const timer = setInterval(() => {
    const gone =
      process.ppid !== parent ? parent : launcher !== undefined && !isParentOf(launcher, parent) ? launcher : undefined;
    if (gone === undefined) return;
    clearInterval(timer);
    onGone(gone);
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** The parent of `pid` when `pid` is `<shell> -c …`; undefined otherwise or when it cannot be told. */
function wrapperParent(pid: number): number | undefined {
  const info = describeProcess(pid);
  if (!info) return undefined;
  const [command, flag] = info.argv;
  const wraps = command !== undefined && SHELLS.has(basename(command).replace(/^-/, '')) && flag === '-c';
  return wraps && info.ppid > 1 ? info.ppid : undefined;
}

/**
 * Whether `launcher` is still the parent of `child`. The shell is re-parented the moment its parent
 * dies; where /proc cannot tell, a launcher that no longer exists is taken as gone.
 */
function isParentOf(launcher: number, child: number): boolean {
  const ppid = procParent(child);
  return ppid !== undefined ? ppid === launcher : isAlive(launcher);
}

function procParent(pid: number): number | undefined {
  try {
    // The parent is the 2nd field after `(comm)`, which may itself hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function describeProcess(pid: number): { ppid: number; argv: string[] } | undefined {
  try {
    const ppid = procParent(pid);
    if (ppid !== undefined)
      return { ppid, argv: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean) };
    // No /proc (macOS, the BSDs): ask ps, once, at start.
    const [parent, ...argv] = execFileSync('ps', ['-o', 'ppid=,args=', '-p', String(pid)], { encoding: 'utf8' })
      .trim()
      .split(/\s+/);
    return { ppid: Number(parent), argv };
  } catch {
    return undefined;
  }
}

/** Whether process `pid` runs (EPERM: it does, as another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
