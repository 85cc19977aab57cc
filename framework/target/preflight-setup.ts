import type { E2eConfig } from '../config/config.ts';
import { redactor } from '../report/redactor.ts';
import { renderPreflight, runPreflight } from './preflight.ts';
import type { ResolvedTarget } from './resolved-target.ts';

/**
 * The preflight as global setup runs it, before any suite: the full one when E2E_PREFLIGHT is on
 * (cheap on a local stack, essential on a remote one), only the version check when it is off
 * but a version or commit is expected. Returns the diagnosis that must stop the run, if any.
 */
export async function preflightTarget(config: E2eConfig, target: ResolvedTarget, log: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<string | undefined> {
  const expectsBuild = config.expectVersion !== undefined || config.expectCommit !== undefined;
  if (!config.preflight && !expectsBuild) return undefined;
  const report = await runPreflight({
    backendUrl: target.backendUrl,
    wsUrl: target.wsUrl,
    expectVersion: config.expectVersion,
    expectCommit: config.expectCommit,
    versionOnly: !config.preflight,
    stepTimeoutMs: Math.min(5_000, Math.max(1_000, config.timeouts.handshakeMs)),
  });
  if (report.ok) {
    if (target.kind !== 'local' || config.verbose) log(redactor.redact(renderPreflight(report)));
    return undefined;
  }
  return redactor.redact(`preflight failed: ${report.diagnosis}\n${renderPreflight(report)}`);
}
