import { TestAuth } from '../auth/test-auth.ts';
import { sseEndpoint } from '../client/chat-factory.ts';
import { TokenFactory } from '../auth/token-factory.ts';
import type { E2eConfig } from '../config/config.ts';
import type { Contract } from '../contract/types.ts';
import { redactor } from '../report/redactor.ts';
import type { Blocker } from './blockers.ts';
import { missingAccounts } from './missing-accounts.ts';
import { renderPreflight, runPreflight, type PreflightOptions } from './preflight.ts';
import type { ResolvedTarget } from './resolved-target.ts';

export interface PreflightOutcome {
  /** The diagnosis that must stop the run (exit 2), if any. */
  stopped: string | undefined;
  /** Causes that block some checks; the run goes on and those checks say "blocked by". */
  blockers: Blocker[];
}

/**
 * The preflight as global setup runs it, before any suite: the full one when E2E_PREFLIGHT is on
 * (cheap on a local stack, essential on a remote one), only the version check when it is off
 * but a version or commit is expected.
 */
export async function preflightTarget(
  config: E2eConfig,
  target: ResolvedTarget,
  contract: Contract,
  log: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<PreflightOutcome> {
  const expectsBuild = config.expectVersion !== undefined || config.expectCommit !== undefined;
  const report =
    config.preflight || expectsBuild
      ? await runPreflight({
          ...preflightOptions(config, target, contract, await testAuth(config, target)),
          versionOnly: !config.preflight,
        })
      : undefined;
  if (report && !report.ok)
    return {
      stopped: redactor.redact(`preflight failed: ${report.diagnosis}\n${renderPreflight(report)}`),
      blockers: [],
    };
  // After the network steps, so that an unreachable target is named first; also with E2E_PREFLIGHT off.
  const noTokens = missingAccounts(target);
  if (noTokens) return { stopped: `configuration error: ${noTokens.message}`, blockers: [] };
  if (!report) return { stopped: undefined, blockers: [] };
  if (target.kind !== 'local' || config.verbose || report.blockers.length > 0)
    log(redactor.redact(renderPreflight(report)));
  for (const b of report.blockers)
    log(redactor.redact(`golden-path: ⊘ ${b.diagnosis}\n  checks that depend on it report "blocked by ${b.id}"`));
  return { stopped: undefined, blockers: report.blockers };
}

/** The full preflight of `target`, with the transport cross-check using `auth`'s first user. */
export function preflightOptions(
  config: E2eConfig,
  target: ResolvedTarget,
  contract: Contract,
  auth: TestAuth,
): PreflightOptions {
  return {
    backendUrl: target.backendUrl,
    wsUrl: target.wsUrl,
    sseUrl: config.transport === 'sse' ? sseEndpoint(config, target.backendUrl) : undefined,
    expectVersion: config.expectVersion,
    expectCommit: config.expectCommit,
    stepTimeoutMs: Math.min(5_000, Math.max(1_000, config.timeouts.handshakeMs)),
    subprotocol: contract.subprotocol,
    transports: {
      contract,
      token: () => auth.token(0),
      tokenSource: auth.tokens
        ? 'minted with the signing key'
        : `a login as ${target.users[0]?.email ?? 'the first account'}`,
      defaultTransport: config.authMode,
      eventTimeoutMs: config.timeouts.eventMs,
    },
  };
}

async function testAuth(config: E2eConfig, target: ResolvedTarget): Promise<TestAuth> {
  const tokens = target.signingKey
    ? await TokenFactory.create({ signingKey: target.signingKey, issuer: config.issuer, audience: config.audience })
    : undefined;
  return new TestAuth(target, config, tokens);
}
