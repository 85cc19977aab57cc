import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Sends `signal` to process group `group`; false once no process is left in it. */
export function signalGroup(group: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-group, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * SIGKILLs process group `group` and waits, at most `boundMs`, until none of its processes runs;
 * false if some still did then. A browser's helpers die with it at once, so nothing is left writing
 * into its profile and a graceful SIGTERM would only add time.
 */
export async function killGroup(group: number, boundMs = 2000): Promise<boolean> {
  const started = Date.now();
  while (signalGroup(group, 'SIGKILL') && liveMembers(group) > 0) {
    if (Date.now() - started > boundMs) return false;
    await sleep(10);
  }
  return true;
}

/**
 * Processes of `group` that are not zombies. Where nothing reaps orphans (a container whose PID 1
 * is not an init), a killed helper stays in its group as a zombie forever, yet runs nothing and
 * holds no file. Without /proc (macOS), any process in the group counts.
 */
function liveMembers(group: number): number {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return signalGroup(group, 0) ? 1 : 0;
  }
  let live = 0;
  for (const pid of pids) {
    try {
      // After `(comm)`, which may hold spaces: state, ppid, pgrp.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === group && state !== 'Z' && state !== 'X') live += 1;
    } catch {
      // exited while we looked
    }
  }
  return live;
}
