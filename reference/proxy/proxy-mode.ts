import { ReferenceConfigError } from '../config/config-error.ts';

/** How the proxy misbehaves; `pass` is a healthy reverse proxy. */
export type ProxyMode =
  | { readonly name: 'pass' }
  | { readonly name: 'strip_auth' }
  | { readonly name: 'strip_protocol' }
  | { readonly name: 'no_upgrade' }
  | { readonly name: 'idle_cut'; readonly ms: number }
  | { readonly name: 'buffer_frames'; readonly ms: number };

export const PROXY_MODES = 'pass, strip_auth, strip_protocol, no_upgrade, idle_cut:<ms>, buffer_frames:<ms>';

const PLAIN = new Set(['pass', 'strip_auth', 'strip_protocol', 'no_upgrade']);
const TIMED = new Set(['idle_cut', 'buffer_frames']);
const MAX_MS = 86_400_000;

/**
 * Reads one REF_PROXY value; throws ReferenceConfigError naming the variable and the allowed values.
 * @example parseProxyMode('idle_cut:200') // { name: 'idle_cut', ms: 200 }
 */
export function parseProxyMode(value: string, variable = 'REF_PROXY'): ProxyMode {
  const text = value.trim();
  const colon = text.indexOf(':');
  const name = colon < 0 ? text : text.slice(0, colon);
  const arg = colon < 0 ? undefined : text.slice(colon + 1);
  if (PLAIN.has(name) && arg === undefined) return { name } as ProxyMode;
  if (TIMED.has(name)) {
    if (arg === undefined || !/^\d+$/.test(arg) || Number(arg) < 1 || Number(arg) > MAX_MS) {
      throw new ReferenceConfigError(
        variable,
        `${name} needs a time in ms from 1 to ${MAX_MS}, got "${text}" (allowed: ${PROXY_MODES})`,
      );
    }
    return { name, ms: Number(arg) } as ProxyMode;
  }
  throw new ReferenceConfigError(variable, `unknown proxy mode "${text}" (allowed: ${PROXY_MODES})`);
}

export function formatProxyMode(mode: ProxyMode): string {
  return 'ms' in mode ? `${mode.name}:${mode.ms}` : mode.name;
}
