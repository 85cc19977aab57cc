import type { AuthMode } from '../config/config.ts';
import type { Contract } from '../contract/types.ts';
import { blockerOf } from '../target/blockers.ts';
import type { PreflightReport } from '../target/preflight.ts';
import { notApplicable, type Finding } from './finding.ts';

/**
 * The transport the doctor's clients use: E2E_AUTH_MODE, unless the preflight found a cause that
 * blocks it and another transport worked; then that one, so the other probes still learn something.
 */
export function doctorTransport(
  authMode: AuthMode,
  report: PreflightReport,
  contract: Contract,
): { mode: AuthMode; note?: Finding } {
  const offersChat = contract.subprotocol !== undefined;
  const blocked = blockerOf(report.blockers, { transport: authMode, offersChat });
  if (!blocked) return { mode: authMode };
  const other = report.probes.find(
    (p) =>
      p.encoding === undefined &&
      p.kind === 'ready' &&
      !blockerOf(report.blockers, { transport: p.transport, offersChat }),
  );
  if (!other) return { mode: authMode };
  return {
    mode: other.transport,
    note: notApplicable(
      'default client',
      `E2E_AUTH_MODE=${authMode} is blocked by ${blocked.id}: the doctor's clients use ${other.transport} instead`,
    ),
  };
}
