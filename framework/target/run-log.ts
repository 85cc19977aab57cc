import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from '../process/watch-parent.ts';

const RUN_LOG = /^reference-(\d+)-\d+\.log$/;

/**
 * The path of this run's reference log in the report dir, `reference-<pid>-<ms>.log`. The logs of
 * runs whose process has ended go: a report dir holds this run's report, and the logs of runs that
 * still write there (shards side by side), not one more log for every run ever made.
 */
export function runLogPath(reportDir: string): string {
  let names: string[] = [];
  try {
    names = readdirSync(reportDir);
  } catch {
    // No report dir yet: nothing to remove.
  }
  for (const name of names) {
    const pid = RUN_LOG.exec(name)?.[1];
    if (pid !== undefined && !isAlive(Number(pid))) rmSync(join(reportDir, name), { force: true });
  }
  return join(reportDir, `reference-${process.pid}-${Date.now()}.log`);
}
