/** host and port to open a TCP connection to an http:// URL (IPv6 hosts without their brackets). */
export function upstreamAddress(upstream: URL): { host: string; port: number } {
  return { host: upstream.hostname.replace(/^\[|\]$/g, ''), port: Number(upstream.port || 80) };
}
