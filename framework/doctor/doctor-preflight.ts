import type { TestAuth } from '../auth/test-auth.ts';
import type { E2eConfig } from '../config/config.ts';
import type { Contract } from '../contract/types.ts';
import { runPreflight, type PreflightReport } from '../target/preflight.ts';
import { preflightOptions } from '../target/preflight-setup.ts';
import type { ResolvedTarget } from '../target/resolved-target.ts';

/**
 * The preflight with the transport cross-check, as global setup runs it before the suites, but
 * always in full: E2E_PREFLIGHT=false does not apply, learning the target is what doctor is for.
 */
export function doctorPreflight(
  config: E2eConfig,
  target: ResolvedTarget,
  contract: Contract,
  auth: TestAuth,
): Promise<PreflightReport> {
  return runPreflight(preflightOptions(config, target, contract, auth));
}
