import { fileURLToPath } from 'node:url';
import { spawnReady, type SpawnedProcess } from './spawn-reference.ts';

const MAIN = fileURLToPath(new URL('../../../reference/proxy/main.ts', import.meta.url));

export interface ProxyReady {
  readonly url: string;
  readonly upstream: string;
  readonly mode: string;
  readonly pid: number;
}

export type SpawnedProxy = SpawnedProcess<ProxyReady>;

/** Runs reference/proxy/main.ts as a child process in front of `upstream`. */
export function spawnProxy(mode: string, upstream: string, env: Record<string, string> = {}): SpawnedProxy {
  return spawnReady<ProxyReady>(MAIN, 'GOLDEN_PATH_PROXY_READY', {
    REF_PROXY: mode,
    REF_PROXY_UPSTREAM: upstream,
    REF_PROXY_PORT: '0',
    ...env,
  });
}
