import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TokenFactory } from '../framework/auth/token-factory.ts';
import { PROJECT_ROOT } from '../framework/config/load-config.ts';
import { startLocalStack } from '../framework/target/local-stack.ts';
import type { TokenKey } from './tasks.ts';

const ISSUER = 'golden-path-bench';
const AUDIENCE = 'golden-path-chat';
const CAPACITY_SERVER = fileURLToPath(new URL('./capacity-server.ts', import.meta.url));
const START_TIMEOUT_MS = 30_000;

export interface BenchServer {
  wsUrl: string;
  key: TokenKey;
  /** CPU time its process(es) have used so far, where the server can tell (the capacity server). */
  cpuMs?: () => Promise<number>;
  stop(): Promise<void>;
}

async function benchKey(): Promise<{ key: TokenKey; privateJwk: TokenKey['signingKey'] }> {
  const { privateJwk } = await TokenFactory.generateKey();
  return { privateJwk, key: { signingKey: privateJwk, issuer: ISSUER, audience: AUDIENCE } };
}

/**
 * The reference stack in its own process (REF_WORKERS backend processes), tuned so that it is not
 * the first thing to give way: no rate limit, pings rare, events as fast as timers allow. Its JSON
 * logs go nowhere.
 */
export async function startBenchServer(workers: number): Promise<BenchServer> {
  const { key, privateJwk } = await benchKey();
  const stack = await startLocalStack({
    root: PROJECT_ROOT,
    logFile: '/dev/null',
    startTimeoutMs: START_TIMEOUT_MS,
    env: {
      REF_SIGNING_KEY: JSON.stringify(privateJwk),
      REF_ISSUER: ISSUER,
      REF_AUDIENCE: AUDIENCE,
      REF_WORKERS: String(workers),
      REF_STEP_MS: '0',
      REF_RATE_PER_S: '1000000',
      REF_RATE_BURST: '1000000',
      REF_PING_INTERVAL_MS: '60000',
      REF_IDLE_LIMIT_MS: '600000',
    },
  });
  return { wsUrl: stack.wsUrl, key, stop: () => stack.stop() };
}

/** The capacity server (capacity-server.ts) in its own process: the wire contract and nothing else. */
export async function startCapacityServer(): Promise<BenchServer> {
  const { key } = await benchKey();
  const child = fork(CAPACITY_SERVER, [], {
    cwd: PROJECT_ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const reply = <T>(pick: (m: Record<string, unknown>) => T | undefined, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => done(new Error(`capacity server: no ${what} within ${START_TIMEOUT_MS} ms`)),
        START_TIMEOUT_MS,
      );
      const onMessage = (m: Record<string, unknown>): void => {
        const value = pick(m);
        if (value !== undefined) done(undefined, value);
      };
      const onExit = (code: number | null): void =>
        done(new Error(`capacity server exited (code ${code}) before its ${what}`));
      const done = (error: Error | undefined, value?: T): void => {
        clearTimeout(timer);
        child.off('message', onMessage).off('exit', onExit);
        if (error) reject(error);
        else resolve(value as T);
      };
      child.on('message', onMessage).once('exit', onExit);
    });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  try {
    const port = await reply((m) => (typeof m.port === 'number' ? m.port : undefined), 'port');
    return {
      wsUrl: `ws://127.0.0.1:${port}/ws`,
      key,
      cpuMs: () => {
        const cpu = reply((m) => (typeof m.cpuMs === 'number' ? m.cpuMs : undefined), 'CPU figure');
        child.send({ type: 'cpu' });
        return cpu;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
