import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../../reference/main.ts', import.meta.url));

export interface ReadyInfo {
  readonly authUrl: string;
  readonly backendUrl: string;
  readonly wsUrl: string;
  readonly pid: number;
}

export interface SpawnedProcess<T> {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** The JSON of the process's ready line; rejects if it exits first or says nothing within 20 s. */
  readonly ready: Promise<T>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after 3 s; resolves once the process is gone. */
  stop(): Promise<void>;
}

export type SpawnedReference = SpawnedProcess<ReadyInfo>;

/** Runs reference/main.ts as a child process (node --import tsx), the way a harness would. */
export function spawnReference(env: Record<string, string> = {}): SpawnedReference {
  return spawnReady<ReadyInfo>(MAIN, 'GOLDEN_PATH_REFERENCE_READY', env);
}

/** Runs a TypeScript entry point as a child process and waits for its `<prefix> {json}` line on stdout. */
export function spawnReady<T>(main: string, prefix: string, env: Record<string, string>): SpawnedProcess<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const readyLine = new RegExp(`^${prefix} (\\{.*\\})$`, 'm');
  const ready = new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${prefix} not seen within 20 s: ${err}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = readyLine.exec(out);
      if (line?.[1]) (clearTimeout(timer), resolve(JSON.parse(line[1]) as T));
    });
    void exited.then(
      ({ code }) => (clearTimeout(timer), reject(new Error(`exited with ${code} before ${prefix}: ${err}`))),
    );
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
