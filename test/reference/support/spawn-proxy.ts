import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../../reference/proxy/main.ts', import.meta.url));

export interface ProxyReady {
  readonly url: string;
  readonly upstream: string;
  readonly mode: string;
  readonly pid: number;
}

export interface SpawnedProxy {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly ready: Promise<ProxyReady>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after 3 s; resolves once the process is gone. */
  stop(): Promise<void>;
}

/** Runs reference/proxy/main.ts as a child process in front of `upstream`. */
export function spawnProxy(mode: string, upstream: string, env: Record<string, string> = {}): SpawnedProxy {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, REF_PROXY: mode, REF_PROXY_UPSTREAM: upstream, REF_PROXY_PORT: '0', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const ready = new Promise<ProxyReady>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`proxy not ready within 20 s: ${err}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = /^GOLDEN_PATH_PROXY_READY (\{.*\})$/m.exec(out);
      if (line?.[1]) (clearTimeout(timer), resolve(JSON.parse(line[1]) as ProxyReady));
    });
    void exited.then(({ code }) => (clearTimeout(timer), reject(new Error(`exited with ${code} before READY: ${err}`))));
  });
  ready.catch(() => {});
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(kill);
  };
  return { child, stdout: () => out, stderr: () => err, ready, exited, stop };
}
