import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { E2eError } from '../errors.ts';

// The kernel's port search slows as an address fills up: keep a few thousand per source address.
const CONNECTIONS_PER_SOURCE = 4000;

/** Whether a ws:// URL points at this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

/** Size of the ephemeral port range (Linux), the most connections one source address can have to one port. */
export function ephemeralPorts(file = '/proc/sys/net/ipv4/ip_local_port_range'): number {
  try {
    const [low, high] = readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
    return low !== undefined && high !== undefined && high >= low ? high - low + 1 : 28_232;
  } catch {
    return 28_232;
  }
}

/**
 * The loopback source addresses to spread `peak` connections over: at least `wanted`, and enough
 * to keep each under CONNECTIONS_PER_SOURCE. Linux routes all of 127/8 to lo, so 127.0.0.x needs
 * no setup. A target that is not on loopback gets no source address (the kernel picks).
 */
export function sourceAddresses(url: string, peak: number, wanted: number): string[] {
  if (!isLoopbackUrl(url) || new URL(url).hostname.startsWith('[')) return [];
  const count = Math.max(1, wanted, Math.ceil(peak / CONNECTIONS_PER_SOURCE));
  if (count > 254) {
    throw new E2eError(
      'E2E_LOAD_CAPACITY',
      `${peak} connections would need ${count} loopback source addresses (at most 254 in 127.0.0.x); shard the load instead`,
    );
  }
  if (peak / count > ephemeralPorts()) {
    throw new E2eError(
      'E2E_LOAD_CAPACITY',
      `${peak} connections over ${count} source addresses exceed the ephemeral port range`,
    );
  }
  return Array.from({ length: count }, (_, i) => `127.0.0.${i + 1}`);
}
