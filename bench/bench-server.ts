import { TokenFactory } from '../framework/auth/token-factory.ts';
import { PROJECT_ROOT } from '../framework/config/load-config.ts';
import { startLocalStack, type LocalStack } from '../framework/target/local-stack.ts';
import type { TokenKey } from './tasks.ts';

const ISSUER = 'golden-path-bench';
const AUDIENCE = 'golden-path-chat';

export interface BenchServer {
  stack: LocalStack;
  key: TokenKey;
}

/**
 * The reference stack in its own process (REF_WORKERS backend processes), tuned so that it is not
 * the first thing to give way: no rate limit, pings rare, events as fast as timers allow. Its JSON
 * logs go nowhere.
 */
export async function startBenchServer(workers: number): Promise<BenchServer> {
  const { privateJwk } = await TokenFactory.generateKey();
  const stack = await startLocalStack({
    root: PROJECT_ROOT,
    logFile: '/dev/null',
    startTimeoutMs: 30_000,
    env: {
      REF_SIGNING_KEY: JSON.stringify(privateJwk),
      REF_ISSUER: ISSUER,
      REF_AUDIENCE: AUDIENCE,
      REF_WORKERS: String(workers),
      REF_STEP_MS: '0',
      REF_RATE_PER_S: '1000000',
      REF_RATE_BURST: '1000000',
      REF_PING_INTERVAL_MS: '60000',
      REF_IDLE_LIMIT_MS: '600000',
    },
  });
  return { stack, key: { signingKey: privateJwk, issuer: ISSUER, audience: AUDIENCE } };
}
