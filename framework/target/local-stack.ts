import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { E2eError } from '../errors.ts';
import { referenceNodeArgs } from './reference-bundle.ts';

const STACK_READY = 'GOLDEN_PATH_REFERENCE_READY ';
const PROXY_READY = 'GOLDEN_PATH_PROXY_READY ';

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
  /** The admin endpoint's origin, when REF_ADMIN_SECRET was set: its paths start with the secret. */
  adminUrl: string | undefined;
  pid: number;
  /** Asks the stack to shut down (SIGTERM), then kills it if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts the reference stack as a child process on free loopback ports and waits for its READY
 * line. The child exits by itself when its stdin closes, so it cannot outlive the harness.
 */
export async function startLocalStack(o: LocalStackOptions): Promise<LocalStack> {
  const { ready, pid, stop } = await startReferenceChild<{
    authUrl: string;
    backendUrl: string;
    wsUrl: string;
    adminUrl?: string;
  }>({
    ...o,
    name: 'reference stack',
    script: 'reference/main.ts',
    readyPrefix: STACK_READY,
    env: { ...o.env, REF_AUTH_PORT: o.env.REF_AUTH_PORT ?? '0', REF_BACKEND_PORT: o.env.REF_BACKEND_PORT ?? '0' },
  });
  const { authUrl, backendUrl, wsUrl, adminUrl } = ready;
  return { authUrl, backendUrl, wsUrl, adminUrl, pid, stop };
}

export interface LocalProxyOptions {
  root: string;
  /** The REF_PROXY value: pass, strip_auth, strip_protocol, no_upgrade, idle_cut:<ms>, buffer_frames:<ms>. */
  mode: string;
  /** The backend the proxy stands in front of. */
  upstream: { backendUrl: string; wsUrl: string };
  /** REF_PROXY_PORT; 0 (the default) is a free port. */
  port?: string;
  logFile: string;
  startTimeoutMs?: number;
}

export interface LocalProxy {
  /** The upstream's URLs with the proxy's origin: what a client behind the proxy connects to. */
  backendUrl: string;
  wsUrl: string;
  pid: number;
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts reference/proxy/main.ts in front of a running backend. It does not follow the backend's
 * lifecycle: a restart that keeps the backend's port keeps the proxy serving.
 * @example const proxy = await startLocalProxy({ root, mode: 'idle_cut:400', upstream: stack, logFile });
 */
export async function startLocalProxy(o: LocalProxyOptions): Promise<LocalProxy> {
  const upstream = new URL(o.upstream.backendUrl);
  const { ready, pid, stop } = await startReferenceChild<{ url: string }>({
    root: o.root,
    logFile: o.logFile,
    startTimeoutMs: o.startTimeoutMs,
    name: `reference proxy (REF_PROXY=${o.mode})`,
    script: 'reference/proxy/main.ts',
    readyPrefix: PROXY_READY,
    env: {
      REF_PROXY: o.mode,
      REF_PROXY_UPSTREAM: upstream.origin,
      REF_HOST: upstream.hostname.replace(/^\[|\]$/g, ''),
      REF_PROXY_PORT: o.port ?? '0',
    },
  });
  return {
    backendUrl: behind(o.upstream.backendUrl, ready.url),
    wsUrl: behind(o.upstream.wsUrl, ready.url),
    pid,
    stop,
  };
}

/** `url` with its host and port replaced by the proxy's; the scheme and path are kept. */
function behind(url: string, proxyUrl: string): string {
  const { protocol, host } = new URL(url);
  return url.replace(`${protocol}//${host}`, `${protocol}//${new URL(proxyUrl).host}`);
}

interface ChildSpec {
  root: string;
  /** Names the process in every error, e.g. `reference proxy (REF_PROXY=pass)`. */
  name: string;
  /** Path of the entry, from the project root. */
  script: string;
  readyPrefix: string;
  env: Record<string, string>;
  logFile: string;
  startTimeoutMs?: number | undefined;
}

interface StartedChild<T> {
  ready: T;
  pid: number;
  stop(graceMs?: number): Promise<void>;
}

/**
 * Runs one reference entry (bundled: reference-bundle.ts) and waits for its READY line (prefix +
 * JSON). Its stderr and stdout go to the log file; it exits when its stdin closes and is killed when
 * the harness exits, so it never outlives the harness. A start that fails or times out is
 * E2E_TARGET_START_FAILED.
 */
async function startReferenceChild<T>(spec: ChildSpec): Promise<StartedChild<T>> {
  const args = await referenceNodeArgs(spec.root, spec.script);
  mkdirSync(dirname(spec.logFile), { recursive: true });
  const log = createWriteStream(spec.logFile, { flags: 'a' });
  // Output can still arrive between the child's exit and its pipes' close.
  const write = (data: string | Buffer) => void (log.writableEnded || log.write(data));
  const child = spawn(process.execPath, args, {
    cwd: spec.root,
    env: { ...pick(process.env, ['PATH', 'HOME', 'TMPDIR', 'NODE_OPTIONS']), ...spec.env, REF_EXIT_WITH_STDIN: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stderrTail = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    write(chunk);
    stderrTail = (stderrTail + chunk.toString()).slice(-2000);
  });

  let ready: T;
  try {
    ready = await new Promise<T>((resolve, reject) => {
      const timeoutMs = spec.startTimeoutMs ?? 20000;
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(
          new E2eError(
            'E2E_TARGET_START_FAILED',
            `${spec.name} did not report ready within ${timeoutMs} ms\n${stderrTail}`,
          ),
        );
      }, timeoutMs);
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        write(`${line}\n`);
        if (!line.startsWith(spec.readyPrefix)) return;
        clearTimeout(timer);
        resolve(JSON.parse(line.slice(spec.readyPrefix.length)) as T);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(
          new E2eError(
            'E2E_TARGET_START_FAILED',
            `${spec.name} exited (${signal ?? `code ${code}`}) before it was ready: ${lastLine(stderrTail)}`,
          ),
        );
      });
    });
  } catch (error) {
    process.removeListener('exit', killOnExit);
    log.end();
    throw error;
  }

  return {
    ready,
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
