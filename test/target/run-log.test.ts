import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runLogPath } from '../../framework/target/run-log.ts';

describe('runLogPath: one reference log per run still going, not one per run ever made', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('removes the logs of runs whose process has ended, and keeps those of live ones and other files', () => {
    dir = mkdtempSync(join(tmpdir(), 'gp-run-log-'));
    const ended = spawnSync(process.execPath, ['-e', '']).pid;
    const files = {
      ended: `reference-${ended}-1796000000000.log`,
      live: `reference-${process.pid}-1796000000001.log`,
      other: 'summary.json',
    };
    for (const name of Object.values(files)) writeFileSync(join(dir, name), '{}\n');

    const path = runLogPath(dir);

    expect(existsSync(join(dir, files.ended))).toBe(false);
    expect(existsSync(join(dir, files.live))).toBe(true);
    expect(existsSync(join(dir, files.other))).toBe(true);
    expect(basename(path)).toMatch(new RegExp(`^reference-${process.pid}-\\d+\\.log$`));
  });

  it('names a log in a report dir that does not exist yet', () => {
    dir = join(tmpdir(), `gp-run-log-absent-${process.pid}`);
    expect(runLogPath(dir).startsWith(join(dir, `reference-${process.pid}-`))).toBe(true);
  });
});
