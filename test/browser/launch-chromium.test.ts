import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createChromiumLauncher } from '../../framework/browser/chromium-launcher.ts';
import { NO_CHROMIUM } from '../../framework/browser/find-chromium.ts';
import { launchChromium } from '../../framework/browser/launch-chromium.ts';
import { waitUntil } from '../target/support/process-watch.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * A stand-in for Chromium that behaves like it where it matters here: it starts a helper, prints
 * its DevTools line (or not), and lives on. It writes its pid, its helper's and its profile.
 */
function fakeBrowser({ ready = true, exitCode }: { ready?: boolean; exitCode?: number } = {}): {
  binary: string;
  pids: () => number[];
  profile: () => string;
} {
  const dir = mkdtempSync(join(tmpdir(), 'gp-fake-chromium-'));
  dirs.push(dir);
  const binary = join(dir, 'chromium');
  writeFileSync(
    binary,
    `#!/bin/sh
sleep 30 & echo "$$ $!" > ${dir}/pids
for a in "$@"; do case "$a" in --user-data-dir=*) echo "\${a#--user-data-dir=}" > ${dir}/profile;; esac; done
echo "[0101/000000.000:ERROR:fake] starting" >&2
${exitCode !== undefined ? `exit ${exitCode}` : ready ? 'echo "DevTools listening on ws://127.0.0.1:9/devtools/browser/fake" >&2' : ''}
exec sleep 30
`,
  );
  chmodSync(binary, 0o755);
  return {
    binary,
    pids: () => readFileSync(join(dir, 'pids'), 'utf8').trim().split(' ').map(Number),
    profile: () => readFileSync(join(dir, 'profile'), 'utf8').trim(),
  };
}

/** Running, not a zombie: a killed helper may stay a zombie where nothing reaps orphans. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!);
  } catch {
    return false;
  }
}

describe.skipIf(process.platform !== 'linux')('launchChromium: its process group never outlives it', () => {
  it('resolves with the DevTools URL; close() kills the browser and its helpers and removes the profile', async () => {
    const fake = fakeBrowser();
    const chromium = await launchChromium(fake.binary, { timeoutMs: 5000 });
    expect(chromium.wsUrl).toBe('ws://127.0.0.1:9/devtools/browser/fake');
    const pids = fake.pids();
    expect(pids.every(running)).toBe(true);
    expect(existsSync(fake.profile())).toBe(true);

    const started = performance.now();
    await chromium.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(pids.filter(running)).toEqual([]);
    expect(existsSync(fake.profile())).toBe(false);
    await chromium.close(); // twice is fine
  });

  it('a browser that exits before it is ready: E2E_BROWSER_UNAVAILABLE with its last words', async () => {
    const fake = fakeBrowser({ exitCode: 3 });
    await expect(launchChromium(fake.binary, { timeoutMs: 5000 })).rejects.toMatchObject({
      code: 'E2E_BROWSER_UNAVAILABLE',
      message: expect.stringMatching(/exited \(3\) before it was ready: .*fake\] starting/),
    });
  });

  it('a browser that never says where its DevTools are: bounded, and nothing left behind', async () => {
    const fake = fakeBrowser({ ready: false });
    await expect(launchChromium(fake.binary, { timeoutMs: 300 })).rejects.toMatchObject({
      code: 'E2E_BROWSER_UNAVAILABLE',
      message: expect.stringMatching(/did not print its DevTools URL within 300 ms/),
    });
    expect(fake.pids().filter(running)).toEqual([]);
    expect(existsSync(fake.profile())).toBe(false);
  });

  it('kill -9 of the process that launched it: the watchdog kills the whole group and removes the profile within a second', async () => {
    const fake = fakeBrowser();
    const script = `import { launchChromium } from './framework/browser/launch-chromium.ts';
await launchChromium(${JSON.stringify(fake.binary)}, { timeoutMs: 5000 });
console.log('ready');
setInterval(() => {}, 1000);`;
    const owner = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((ok, fail) => {
        owner.stdout.on('data', (d: Buffer) => String(d).includes('ready') && ok());
        owner.once('exit', (code) =>
          fail(new Error(`the launching process exited (${code}) before the browser was ready`)),
        );
      });
      const pids = fake.pids();
      expect(pids.every(running)).toBe(true);
      const profile = fake.profile();
      expect(existsSync(profile)).toBe(true);
      owner.kill('SIGKILL');
      await waitUntil(() => pids.every((pid) => !running(pid)) && !existsSync(profile), 1500);
      expect(pids.filter(running)).toEqual([]);
      expect(existsSync(profile), 'the profile outlived the process that launched the browser').toBe(false);
    } finally {
      owner.kill('SIGKILL');
    }
  });
});

describe('createChromiumLauncher', () => {
  it('without a browser on the machine: E2E_BROWSER_UNAVAILABLE saying what was looked for and how to install it', async () => {
    const launcher = createChromiumLauncher(() => undefined);
    await expect(launcher.devTools()).rejects.toMatchObject({ code: 'E2E_BROWSER_UNAVAILABLE', message: NO_CHROMIUM });
    await launcher.close();
  });
});
