import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** Path of a Chromium binary (CHROMIUM_PATH first), or undefined. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return CANDIDATES.find((p) => existsSync(p));
}

export interface Chromium {
  /** The browser's DevTools WebSocket URL. */
  wsUrl: string;
  close(): Promise<void>;
}

/** Starts headless Chromium with a fresh profile and no background traffic; resolves with its DevTools URL. */
export async function launchChromium(binary: string, timeoutMs = 20_000): Promise<Chromium> {
  const profile = mkdtempSync(join(tmpdir(), 'gp-chromium-'));
  // Its own process group (detached): its zygotes, renderers and utility processes can be waited for as one.
  const child = spawn(binary, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-dev-shm-usage', `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank',
  ], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const close = async () => {
    await stop(child);
    // The group is gone, but the kernel may still be closing files in it: retry on ENOTEMPTY.
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  };
  try {
    const wsUrl = await new Promise<string>((resolve, reject) => {
      let stderr = '';
      const timer = setTimeout(() => reject(new Error(`chromium did not print its DevTools URL within ${timeoutMs} ms:\n${stderr.slice(-2000)}`)), timeoutMs);
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`chromium exited (${code}) before it was ready:\n${stderr.slice(-2000)}`));
      });
    });
    return { wsUrl, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Stops the browser and every process it started. The browser exits before its helpers do, and
 * a helper still writing into the profile made its removal fail with ENOTEMPTY: wait for the
 * whole process group, SIGKILL what is left after 3 s.
 */
async function stop(child: ChildProcess): Promise<void> {
  const group = -child.pid!;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => signal(group, 'SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
  // Bounded: an exited helper that nobody reaps (no init in a container) stays in the group as a zombie.
  const started = Date.now();
  while (signal(group, 0) && Date.now() - started < 4000) {
    if (Date.now() - started > 3000) signal(group, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Sends `sig` to a process group; false once no process is left in it. */
function signal(group: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(group, sig);
    return true;
  } catch {
    return false;
  }
}
