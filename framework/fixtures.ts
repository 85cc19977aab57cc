import { test as base, inject } from 'vitest';
import { TestAuth } from './auth/test-auth.ts';
import { TokenFactory } from './auth/token-factory.ts';
import { createConnectFactory } from './client/connect-factory.ts';
import { loadConfig } from './config/load-config.ts';
import { loadContract } from './contract/load-contract.ts';
import { useContract } from './assertions/matchers.ts';
import { E2eError } from './errors.ts';
import { redactor } from './report/redactor.ts';
import './target/resolved-target.ts';

/**
 * The golden-path `test`: fixtures for the resolved target, its config and contract, tokens,
 * and a client factory whose clients are closed after each test. Any client closed with 1011,
 * or cut without a close frame, fails the test that owns it unless the test declared it.
 */
export const test = base
  .extend('config', { scope: 'worker' }, () => loadConfig())
  .extend('target', { scope: 'worker' }, () => {
    const target = inject('target');
    for (const u of target.users) redactor.register(u.password);
    redactor.register(target.signingKey?.d);
    return target;
  })
  .extend('contract', { scope: 'worker', auto: true }, async ({ config }) => {
    const contract = await loadContract(config.contractModule);
    useContract(contract);
    return contract;
  })
  .extend('tokens', { scope: 'worker' }, async ({ config, target }) =>
    target.signingKey
      ? TokenFactory.create({ signingKey: target.signingKey, issuer: config.issuer, audience: config.audience })
      : undefined,
  )
  .extend('auth', { scope: 'worker' }, ({ config, target, tokens }) => new TestAuth(target, config, tokens))
  .extend('connect', async ({ config, target, contract, auth }, { onCleanup }) => {
    const factory = createConnectFactory({ config, target, contract, auth });
    onCleanup(async () => {
      const findings = await factory.closeAll();
      if (findings.length > 0) {
        throw new E2eError('E2E_UNEXPECTED_CLOSE', `close-code policy: ${findings.join('\n\n')}`);
      }
    });
    return factory;
  });

export { describe, expect, beforeAll, afterAll } from 'vitest';
