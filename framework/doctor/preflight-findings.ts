import type { PreflightReport } from '../target/preflight.ts';
import { mismatch, notApplicable, ok, type Finding } from './finding.ts';

/**
 * One finding per preflight step. The transport cross-check is left to transportFindings (one
 * line per transport) unless it stopped the run or could not run.
 */
export function preflightFindings(report: PreflightReport): Finding[] {
  return report.steps.flatMap((s): Finding[] => {
    const found = `${s.detail.includes(s.subject) ? '' : `${s.subject}: `}${s.detail} (${s.ms} ms)`;
    if (!s.ok) return [mismatch(s.name, found)];
    if (s.name !== 'transports') return [ok(s.name, found)];
    return s.detail.startsWith('not run') ? [notApplicable(s.name, found)] : [];
  });
}
