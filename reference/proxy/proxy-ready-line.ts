import { readyLine } from '../process/ready-line.ts';

/** The one line a parent process waits for on stdout once the proxy listens. */
const PROXY_READY_PREFIX = 'GOLDEN_PATH_PROXY_READY';

export interface ProxyReadyInfo {
  /** The proxy's origin; the upstream's paths (/health, /ws) are served under it. */
  readonly url: string;
  readonly upstream: string;
  readonly mode: string;
  readonly pid: number;
}

export function formatProxyReadyLine(info: ProxyReadyInfo): string {
  const { url, upstream, mode, pid } = info;
  return readyLine(PROXY_READY_PREFIX, { url, upstream, mode, pid });
}
