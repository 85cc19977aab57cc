import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';

/**
 * Sets this process's CPU affinity (all its threads) with taskset; processes forked afterwards
 * inherit it. Used to give the server one core and the clients the others, so that a client's
 * CPU time is not taken from the server it measures. Returns false where taskset is unavailable.
 */
export function pinThisProcess(cpuList: string): boolean {
  const r = spawnSync('taskset', ['-a', '-p', '-c', cpuList, String(process.pid)], { stdio: 'ignore' });
  return r.status === 0;
}

/** The server's core and the clients' cores, or undefined on a single-core machine. */
export function coreSplit(): { server: string; clients: string; all: string } | undefined {
  const n = cpus().length;
  if (n < 2) return undefined;
  return { server: String(n - 1), clients: n === 2 ? '0' : `0-${n - 2}`, all: `0-${n - 1}` };
}
