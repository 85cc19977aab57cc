import { fetchHealth, type HealthPath } from '../target/fetch-health.ts';
import type { ResolvedTarget } from '../target/resolved-target.ts';
import { redactor } from './redactor.ts';
import type { HealthSeen } from './summary.ts';

/** Reads /health (backend, auth) and /health/websocket once, for the report's "versions seen". Never throws. */
export async function readHealth(
  target: Pick<ResolvedTarget, 'backendUrl' | 'authUrl'>,
  timeoutMs = 3000,
): Promise<HealthSeen> {
  const seen: HealthSeen = { errors: [] };
  const get = async (base: string | undefined, path: HealthPath): Promise<Record<string, unknown> | undefined> => {
    if (!base) return undefined;
    try {
      return await fetchHealth(base, path, timeoutMs);
    } catch (error) {
      seen.errors.push(redactor.redact(error instanceof Error ? error.message : String(error)));
      return undefined;
    }
  };
  const [backend, auth, websocket] = await Promise.all([
    get(target.backendUrl, '/health'),
    get(target.authUrl, '/health'),
    get(target.backendUrl, '/health/websocket'),
  ]);
  if (backend) seen.backend = pick(backend, ['status', 'version', 'commit']);
  if (auth) seen.auth = pick(auth, ['status', 'version']);
  if (websocket) {
    seen.websocket = {
      ...pick(websocket, ['status']),
      ...(typeof websocket.connections === 'number' ? { connections: websocket.connections } : {}),
      ...(Array.isArray(websocket.subprotocols) ? { subprotocols: websocket.subprotocols.map(String) } : {}),
      ...(Array.isArray(websocket.auth_modes) ? { authModes: websocket.auth_modes.map(String) } : {}),
    };
  }
  return seen;
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) if (typeof source[k] === 'string') out[k] = redactor.redact(source[k]);
  return out;
}
