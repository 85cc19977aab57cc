import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { commandLine, processTree } from '../../cli/support/process-tree.ts';
import type { HostileServer } from './hostile-server.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

export interface HarnessRun {
  code: number | null;
  output: string;
  durationMs: number;
  /** The highest peak RSS (VmHWM) of any process of the harness's tree, with its command line. */
  peakRss: { bytes: number; command: string };
  /** Every file the run wrote under its report dir, with its size. */
  reports: { file: string; bytes: number }[];
}

/**
 * Runs `golden-path run` against `server` as a remote target, the way CI would: its own process
 * tree, an env file, a signing key for tokens in the environment. Samples the peak RSS of every
 * process in the tree (Linux /proc) until it exits; kills it after `timeoutMs`.
 */
export async function runHarness(
  server: HostileServer,
  o: { suites: string[]; timeoutMs: number },
): Promise<HarnessRun> {
  const dir = mkdtempSync(join(tmpdir(), 'golden-path-hostile-'));
  try {
    const envFile = join(dir, 'hostile.env');
    writeFileSync(
      envFile,
      [
        `E2E_TARGET=remote`,
        `E2E_BACKEND_URL=${server.backendUrl}`,
        `E2E_WS_URL=${server.wsUrl}`,
        'E2E_EVENT_TIMEOUT_MS=3000',
        '',
      ].join('\n'),
    );
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const key = JSON.stringify({ ...(await exportJWK(privateKey)), alg: 'ES256', kid: 'hostile' });
    const base = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('E2E_') && !k.startsWith('REF_')),
    );
    const args = [
      join(ROOT, 'bin/golden-path.js'),
      'run',
      '--env-file',
      envFile,
      '--report',
      join(dir, 'reports'),
      ...o.suites.flatMap((s) => ['--suite', s]),
    ];
    const started = Date.now();
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...base, E2E_SIGNING_KEY: key, FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    let peakRss = { bytes: 0, command: '' };
    const sampler = setInterval(() => {
      for (const p of treeOf(child.pid!))
        if (p.hwmBytes > peakRss.bytes) peakRss = { bytes: p.hwmBytes, command: p.command };
    }, 100);
    // The whole tree goes: vitest's workers would otherwise outlive a killed CLI.
    const killer = setTimeout(() => {
      for (const p of treeOf(child.pid!).reverse()) kill(p.pid);
    }, o.timeoutMs);
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    clearInterval(sampler);
    clearTimeout(killer);
    return { code, output, durationMs: Date.now() - started, peakRss, reports: filesUnder(join(dir, 'reports')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `root` and its descendants, each with its peak RSS so far; processes that vanish mid-read are skipped.
function treeOf(root: number): { pid: number; hwmBytes: number; command: string }[] {
  return processTree(root).flatMap((pid) => {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`) ?? '');
    return hwm ? [{ pid, hwmBytes: Number(hwm[1]) * 1024, command: commandLine(pid).slice(0, 120) }] : [];
  });
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function filesUnder(dir: string): { file: string; bytes: number }[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [{ file: e.name, bytes: statSync(join(dir, e.name)).size }],
  );
}
