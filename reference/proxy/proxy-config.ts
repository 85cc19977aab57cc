import { ReferenceConfigError } from '../config/config-error.ts';
import { readOptional, readPort, readString, type Env } from '../config/env-readers.ts';
import { parseProxyMode, PROXY_MODES, type ProxyMode } from './proxy-mode.ts';

export interface ProxyConfig {
  readonly mode: ProxyMode;
  /** The backend's origin, e.g. http://127.0.0.1:4000. */
  readonly upstream: URL;
  readonly host: string;
  /** 0 = a free port. */
  readonly port: number;
  /** How long to wait for the upstream to accept a connection or answer a request. */
  readonly upstreamTimeoutMs: number;
}

/** Reads REF_PROXY, REF_PROXY_UPSTREAM, REF_HOST and REF_PROXY_PORT; every failure names its variable. */
export function parseProxyConfig(env: Env = process.env): ProxyConfig {
  const modeText = readOptional(env, 'REF_PROXY');
  if (modeText === undefined) throw new ReferenceConfigError('REF_PROXY', `required (allowed: ${PROXY_MODES})`);
  return {
    mode: parseProxyMode(modeText),
    upstream: parseUpstream(readOptional(env, 'REF_PROXY_UPSTREAM')),
    host: readString(env, 'REF_HOST', '127.0.0.1'),
    port: readPort(env, 'REF_PROXY_PORT'),
    upstreamTimeoutMs: 10_000,
  };
}

function parseUpstream(value: string | undefined): URL {
  const problem = "expected the backend's base URL, e.g. http://127.0.0.1:4000";
  if (value === undefined) throw new ReferenceConfigError('REF_PROXY_UPSTREAM', `required: ${problem}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ReferenceConfigError('REF_PROXY_UPSTREAM', `${problem}, got "${value}"`);
  }
  if (url.protocol !== 'http:')
    throw new ReferenceConfigError('REF_PROXY_UPSTREAM', `${problem} (http), got "${value}"`);
  return url;
}
