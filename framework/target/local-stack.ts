import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { E2eError } from '../errors.ts';

const READY = 'GOLDEN_PATH_REFERENCE_READY ';

export interface LocalStackOptions {
  root: string;
  /** REF_* variables for the reference processes. */
  env: Record<string, string>;
  logFile: string;
  startTimeoutMs?: number;
}

export interface LocalStack {
  authUrl: string;
  backendUrl: string;
  wsUrl: string;
  pid: number;
  /** Asks the stack to shut down (SIGTERM), then kills it if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts the reference stack as a child process on free loopback ports and waits for its READY
 * line. The child exits by itself when its stdin closes, so it cannot outlive the harness.
 */
export async function startLocalStack(o: LocalStackOptions): Promise<LocalStack> {
  mkdirSync(dirname(o.logFile), { recursive: true });
  const log = createWriteStream(o.logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['--import', 'tsx', join(o.root, 'reference/main.ts')], {
    cwd: o.root,
    env: { ...pick(process.env, ['PATH', 'HOME', 'TMPDIR', 'NODE_OPTIONS']), ...o.env, REF_EXIT_WITH_STDIN: '1', REF_AUTH_PORT: o.env.REF_AUTH_PORT ?? '0', REF_BACKEND_PORT: o.env.REF_BACKEND_PORT ?? '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stderrTail = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    log.write(chunk);
    stderrTail = (stderrTail + chunk.toString()).slice(-2000);
  });

  const urls = await new Promise<{ authUrl: string; backendUrl: string; wsUrl: string }>((resolve, reject) => {
    const timeoutMs = o.startTimeoutMs ?? 20000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new E2eError('E2E_TARGET_START_FAILED', `reference stack did not report ready within ${timeoutMs} ms\n${stderrTail}`));
    }, timeoutMs);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      log.write(`${line}\n`);
      if (!line.startsWith(READY)) return;
      clearTimeout(timer);
      resolve(JSON.parse(line.slice(READY.length)) as { authUrl: string; backendUrl: string; wsUrl: string });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new E2eError('E2E_TARGET_START_FAILED', `reference stack exited (${signal ?? `code ${code}`}) before it was ready: ${lastLine(stderrTail)}`));
    });
  });

  return {
    ...urls,
    pid: child.pid!,
    stop: async (graceMs = 5000) => {
      process.removeListener('exit', killOnExit);
      await stopChild(child, graceMs);
      await new Promise((r) => log.end(r));
    },
  };
}

async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  const line = lines.at(-1) ?? '';
  try {
    const parsed = JSON.parse(line) as { msg?: string };
    return parsed.msg ?? line;
  } catch {
    return line || '(no output)';
  }
}

function pick(env: NodeJS.ProcessEnv, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) if (env[k] !== undefined) out[k] = env[k]!;
  return out;
}
