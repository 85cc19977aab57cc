import type { E2eConfig } from '../config/config.ts';
import { freeLoopbackPorts } from './free-port.ts';

/** Where the docker target's stack is reached, as the suites get it. */
export interface DockerEndpoints {
  backendUrl: string;
  wsUrl: string;
  authUrl: string | undefined;
  /** The harness picked the ports (none pinned): if one is taken before compose binds it, pick again. */
  chosen: boolean;
}

/**
 * The env's URLs when it pins them; otherwise two ports free on 127.0.0.1 now, which the compose
 * file publishes through GOLDEN_PATH_BACKEND_PORT / GOLDEN_PATH_AUTH_PORT. Fixed defaults collide
 * with whatever else the machine runs (18080 did).
 */
export async function dockerEndpoints(config: E2eConfig, pick = freeLoopbackPorts): Promise<DockerEndpoints> {
  if (config.backendUrl && config.wsUrl) {
    return { backendUrl: config.backendUrl, wsUrl: config.wsUrl, authUrl: config.authUrl, chosen: false };
  }
  const [backend, auth] = await pick(2);
  return {
    backendUrl: `http://127.0.0.1:${backend}`,
    wsUrl: `ws://127.0.0.1:${backend}/ws`,
    authUrl: `http://127.0.0.1:${auth}`,
    chosen: true,
  };
}

/** The compose variables that publish the endpoints' ports (none for an endpoint not given). */
export function publishedPorts(endpoints: Pick<DockerEndpoints, 'backendUrl' | 'authUrl'>): Record<string, string> {
  return {
    GOLDEN_PATH_BACKEND_PORT: portOf(endpoints.backendUrl),
    ...(endpoints.authUrl ? { GOLDEN_PATH_AUTH_PORT: portOf(endpoints.authUrl) } : {}),
  };
}

function portOf(url: string): string {
  const u = new URL(url);
  return u.port || (u.protocol === 'https:' || u.protocol === 'wss:' ? '443' : '80');
}
