import { request } from 'undici';
import { TokenFactory } from '../../../framework/auth/token-factory.ts';
import { agentChatContract } from '../../../framework/contract/agent-chat.ts';
import type { LoadPlan } from '../../../framework/load/load-plan.ts';
import type { LoadOptions } from '../../../framework/load/run-load.ts';
import { startReferenceStack, type ReferenceStack } from '../../../reference/index.ts';

export interface LoadStack {
  stack: ReferenceStack;
  /** Load options against this stack: tokens minted with the key it trusts. */
  options(plan: Partial<LoadPlan>, extra?: Partial<LoadOptions>): LoadOptions;
  /** WebSocket connections the backend holds right now (from /health/websocket). */
  openConnections(): Promise<number>;
}

/** A quiet in-process reference stack that trusts a key the test holds; always closed by `body`'s end. */
export async function withLoadStack<T>(env: Record<string, string>, body: (s: LoadStack) => Promise<T>): Promise<T> {
  const { privateJwk } = await TokenFactory.generateKey();
  const stack = await startReferenceStack({
    env: { REF_STEP_MS: '1', REF_SIGNING_KEY: JSON.stringify(privateJwk), ...env },
    log: false,
  });
  const { issuer, audience } = stack.config;
  try {
    return await body({
      stack,
      options: (plan, extra = {}) => ({
        plan: { name: 'test', model: 'closed', users: 20, concurrency: 10, rate: 20, durationS: 1, maxS: 20, ...plan },
        wsUrl: stack.wsUrl,
        contract: agentChatContract,
        auth: 'header',
        tokens: { kind: 'mint', signingKey: privateJwk, issuer, audience, userPrefix: 'load_u' },
        timeouts: { handshakeMs: 3000, eventMs: 2000, runMs: 5000 },
        ...extra,
      }),
      openConnections: async () => {
        const res = await request(`${stack.backendUrl}/health/websocket`);
        return ((await res.body.json()) as { connections: number }).connections;
      },
    });
  } finally {
    await stack.close();
  }
}
