import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestAuth } from '../../framework/auth/test-auth.ts';
import { TokenFactory } from '../../framework/auth/token-factory.ts';
import { createConnectFactory } from '../../framework/client/connect-factory.ts';
import { loadConfig } from '../../framework/config/load-config.ts';
import { agentChatContract as contract } from '../../framework/contract/agent-chat.ts';
import type { ResolvedTarget } from '../../framework/target/resolved-target.ts';
import { startReferenceStack, type ReferenceStack } from '../../reference/index.ts';

const config = loadConfig({ E2E_ENV: 'local' });
const ACCOUNTS = [
  { email: 'e2e@example.com', password: 'e2e-secret-password' },
  { email: 'qa-bot@example.com', password: 'qa-secret-password' },
];

// A report once said user_carol for a login as e2e@example.com. A label names the account the harness really used.
describe('TestAuth: who each test user is', () => {
  let stack: ReferenceStack;
  let target: ResolvedTarget;
  beforeAll(async () => {
    stack = await startReferenceStack({
      env: { REF_USERS: ACCOUNTS.map((a) => `${a.email}:${a.password}`).join(',') },
      log: false,
    });
    target = {
      kind: 'remote',
      authUrl: stack.authUrl,
      backendUrl: stack.backendUrl,
      wsUrl: stack.wsUrl,
      signingKey: undefined,
      users: ACCOUNTS,
      faults: '',
      logFile: undefined,
    };
  });
  afterAll(() => stack.close());

  it('without a signing key, user i is the E2E_USERS account it logs in as', () => {
    const auth = new TestAuth(target, config, undefined);
    expect(auth.subject(0)).toEqual({ id: 'e2e@example.com', email: 'e2e@example.com' });
    expect(auth.subject(1).id).toBe('qa-bot@example.com');
  });

  it('with a signing key, user i is the subject the harness mints tokens for', async () => {
    const { privateJwk } = await TokenFactory.generateKey();
    const tokens = await TokenFactory.create({
      signingKey: privateJwk,
      issuer: config.issuer,
      audience: config.audience,
    });
    const auth = new TestAuth({ ...target, signingKey: privateJwk }, config, tokens);
    expect(auth.subject(0)).toEqual({ id: 'user_alice', email: 'alice@example.com' });
    expect(auth.subject(2).id).toBe('user_carol');
  });

  it('a connection made through a login is labelled with that account, in its timeline and its errors', async () => {
    const connect = createConnectFactory({ config, target, contract, auth: new TestAuth(target, config, undefined) });
    try {
      const first = await connect({ user: 0 });
      const second = await connect({ user: 1 });
      expect([first.label, second.label]).toEqual(['e2e@example.com#1', 'qa-bot@example.com#2']);
      expect(first.timeline.render()).toMatch(/^Timeline of e2e@example\.com#1:/);
      const error = await first.waitFor('never_sent', { timeoutMs: 10 }).catch((e: unknown) => e as Error);
      expect((error as Error).message).toBe('e2e@example.com#1: waited 10 ms for "never_sent"; it did not arrive');
    } finally {
      await connect.closeAll();
    }
  });
});
