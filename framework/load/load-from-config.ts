import { sseEndpoint } from '../client/chat-factory.ts';
import type { TestAuth } from '../auth/test-auth.ts';
import type { E2eConfig } from '../config/config.ts';
import type { Contract } from '../contract/types.ts';
import { E2eError } from '../errors.ts';
import type { ResolvedTarget } from '../target/resolved-target.ts';
import type { LoadModel } from './load-plan.ts';
import type { LoadOptions } from './run-load.ts';
import type { TokenSpec } from './token-source.ts';

export interface LoadDeps {
  config: E2eConfig;
  target: ResolvedTarget;
  contract: Contract;
  auth: TestAuth;
}

/**
 * The load run the env file describes (E2E_LOAD_*), against the resolved target, split by
 * E2E_SHARD. Each virtual user is a user of its own when the harness can mint tokens.
 */
export async function loadOptionsFromConfig(
  model: LoadModel,
  { config, target, contract, auth }: LoadDeps,
): Promise<LoadOptions> {
  const { load } = config;
  return {
    plan: {
      name: model,
      model,
      users: load.users,
      concurrency: load.concurrency,
      rate: load.rate,
      durationS: load.durationS,
      maxS: load.maxS,
    },
    wsUrl: target.wsUrl,
    ...(config.transport === 'sse' ? { sseUrl: sseEndpoint(config, target.backendUrl) } : {}),
    contract,
    contractModule: config.contractModule,
    auth: config.authMode,
    tokens: await tokenSpec(config, target, auth),
    timeouts: {
      handshakeMs: config.timeouts.handshakeMs,
      eventMs: config.timeouts.eventMs,
      runMs: config.timeouts.runMs,
    },
    shard: config.shard,
    workers: load.workers,
    sourceAddresses: load.sourceAddresses,
    progress: load.progress,
    keepSamples: load.keepSamples,
    calibrate: load.thresholdMode === 'calibrated',
  };
}

async function tokenSpec(config: E2eConfig, target: ResolvedTarget, auth: TestAuth): Promise<TokenSpec> {
  if (target.signingKey) {
    return {
      kind: 'mint',
      signingKey: target.signingKey,
      issuer: config.issuer,
      audience: config.audience,
      userPrefix: 'load_u',
    };
  }
  if (auth.accounts === 0) {
    throw new E2eError(
      'E2E_TOKEN_UNAVAILABLE',
      'load: needs E2E_SIGNING_KEY (a token per virtual user) or test accounts in E2E_USERS',
    );
  }
  // Without a key, users share the few accounts there are; isolation is still checked per run.
  const tokens: string[] = [];
  for (let i = 0; i < auth.accounts; i += 1) tokens.push(await auth.login(i));
  return { kind: 'fixed', tokens };
}
