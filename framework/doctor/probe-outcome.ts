import type { TransportProbe } from '../target/transport-probe.ts';

/** How one valid-token upgrade ended, short: the status is enough beside the cause the preflight named. */
export function probeOutcome(p: TransportProbe): string {
  if (p.kind === 'ready') return `accepted (${p.detail})`;
  if (p.kind === 'refused') return `refused with HTTP ${p.status}`;
  return p.kind === 'no_ready' ? `upgraded, then ${p.detail.replace(/^101, then /, '')}` : `not answered (${p.detail})`;
}
