import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../../reference/main.ts', import.meta.url));

export interface ReadyInfo {
  readonly authUrl: string;
  readonly backendUrl: string;
  readonly wsUrl: string;
  readonly pid: number;
}

export interface SpawnedReference {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly ready: Promise<ReadyInfo>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs reference/main.ts as a child process (node --import tsx), the way a harness would. */
export function spawnReference(env: Record<string, string> = {}): SpawnedReference {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const ready = new Promise<ReadyInfo>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = /^GOLDEN_PATH_REFERENCE_READY (\{.*\})$/m.exec(out);
      if (line?.[1]) resolve(JSON.parse(line[1]) as ReadyInfo);
    });
    void exited.then(({ code }) => reject(new Error(`exited with ${code} before READY: ${err}`)));
  });
  ready.catch(() => {});
  return { child, stdout: () => out, stderr: () => err, ready, exited };
}
