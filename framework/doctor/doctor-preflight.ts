import type { TestAuth } from '../auth/test-auth.ts';
import type { E2eConfig } from '../config/config.ts';
import type { Contract } from '../contract/types.ts';
import { runPreflight, type PreflightReport } from '../target/preflight.ts';
import type { ResolvedTarget } from '../target/resolved-target.ts';

/**
 * The preflight with the transport cross-check, as global setup runs it before the suites, but
 * always in full: E2E_PREFLIGHT=false does not apply, learning the target is what doctor is for.
 */
export function doctorPreflight(config: E2eConfig, target: ResolvedTarget, contract: Contract, auth: TestAuth): Promise<PreflightReport> {
  return runPreflight({
    backendUrl: target.backendUrl,
    wsUrl: target.wsUrl,
    expectVersion: config.expectVersion,
    expectCommit: config.expectCommit,
    stepTimeoutMs: Math.min(5_000, Math.max(1_000, config.timeouts.handshakeMs)),
    subprotocol: contract.subprotocol,
    transports: {
      contract,
      token: () => auth.token(0),
      tokenSource: auth.tokens ? 'minted with the signing key' : `a login as ${target.users[0]?.email ?? 'the first account'}`,
      defaultTransport: config.authMode,
      eventTimeoutMs: config.timeouts.eventMs,
    },
  });
}
