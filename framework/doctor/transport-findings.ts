import type { AuthMode } from '../config/config.ts';
import type { Contract } from '../contract/types.ts';
import type { PreflightReport } from '../target/preflight.ts';
import { mismatch, ok, type Finding } from './finding.ts';
import { probeOutcome } from './probe-outcome.ts';
import { probeTokenSubprotocol } from './probe-token-subprotocol.ts';

/**
 * One finding per transport the preflight tried with a valid token (header, subprotocol, query):
 * ✓ when it got the ready event, else ✗ with the cause the preflight named, which says what to set.
 */
export function transportFindings(report: PreflightReport, contract: Contract, defaultTransport: AuthMode): Finding[] {
  const findings = report.probes
    .filter((p) => p.encoding === undefined)
    .map((p): Finding => {
      if (p.transport === 'subprotocol') return probeTokenSubprotocol(report, contract);
      const subject = `auth: ${p.transport}`;
      const role = p.transport === defaultTransport ? ' (E2E_AUTH_MODE)' : '';
      if (p.kind === 'ready') return ok(subject, `${p.detail}${role}`);
      const blocker = report.blockers.find((b) => b.transports.includes(p.transport));
      return mismatch(subject, `a valid token was ${probeOutcome(p)}${role}`, blocker?.diagnosis ?? p.detail);
    });
  const step = report.steps.find((s) => s.name === 'transports');
  const probedSubprotocol = report.probes.some((p) => p.transport === 'subprotocol');
  if (step?.ok && !step.detail.startsWith('not run') && !probedSubprotocol)
    findings.push(probeTokenSubprotocol(report, contract));
  return findings;
}
