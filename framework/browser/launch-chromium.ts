import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2eError } from '../errors.ts';
import { killGroup, signalGroup } from './process-group.ts';

/** A fresh profile, no GPU, no background traffic, DevTools on a free port. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--remote-debugging-port=0',
];

/**
 * Leads the browser's process group and exits with the browser. Beside it, in a session of its
 * own, a watcher polls the Node process that launched it and the group. Once that process is gone
 * (a SIGKILL runs no cleanup of ours), it kills the whole group and removes the profile: from
 * outside the group, it outlives the kill. Once the group is gone (close()), it just exits.
 */
const WATCHER = [
  'while kill -0 "$1" && kill -0 "-$2"; do sleep 0.2; done',
  'kill -0 "$1" || { kill -KILL "-$2"; rm -rf "$3"; }',
].join('\n');
const WATCHDOG = [
  'b="$1"; p="$2"; d="$3"; shift 3',
  '"$b" "$@" & c=$!',
  `setsid sh -c '${WATCHER}' chromium-watcher "$p" $$ "$d" </dev/null >/dev/null 2>&1 &`,
  'wait "$c"',
].join('\n');

export interface Chromium {
  /** The browser's DevTools WebSocket URL. */
  readonly wsUrl: string;
  /** Kills the browser's whole process group and removes its profile; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts headless Chromium in a process group of its own, with a fresh profile, and resolves with
 * its DevTools URL. The group is killed by `close()`, when this process exits, and by the watchdog
 * above when this process is killed.
 * @example const chromium = await launchChromium(findChromium()!); try { … } finally { await chromium.close(); }
 */
export async function launchChromium(
  binary: string,
  { timeoutMs = 15_000, args = [] }: { timeoutMs?: number; args?: string[] } = {},
): Promise<Chromium> {
  const profile = mkdtempSync(join(tmpdir(), 'gp-chromium-'));
  const child = spawn(
    '/bin/sh',
    [
      '-c',
      WATCHDOG,
      'chromium-watchdog',
      binary,
      String(process.pid),
      profile,
      ...FLAGS,
      `--user-data-dir=${profile}`,
      ...args,
      'about:blank',
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    },
  );
  const group = child.pid;
  const onExit = () => group !== undefined && signalGroup(group, 'SIGKILL');
  process.once('exit', onExit);
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      process.off('exit', onExit);
      if (group !== undefined) await killGroup(group);
      // The kernel may still be closing the group's files: retry on ENOTEMPTY.
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    })());
  try {
    return { wsUrl: await devToolsUrl(child, binary, timeoutMs), close };
  } catch (error) {
    await close();
    throw error;
  }
}

function devToolsUrl(child: ChildProcess, binary: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(
        new E2eError(
          'E2E_BROWSER_UNAVAILABLE',
          `${binary} ${why}${stderr.trim() ? `: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`,
        ),
      );
    };
    const timer = setTimeout(() => fail(`did not print its DevTools URL within ${timeoutMs} ms`), timeoutMs);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
      if (!match) return;
      clearTimeout(timer);
      child.stderr!.removeAllListeners('data').resume();
      resolve(match[1]!);
    });
    child.once('error', (error) => fail(`could not be started (${error.message})`));
    // Its last stderr lines may still be in the pipe when the exit is reported.
    child.once('exit', (code, signal) => setTimeout(() => fail(`exited (${signal ?? code}) before it was ready`), 50));
  });
}
