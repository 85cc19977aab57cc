import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { TokenFactory } from '../auth/token-factory.ts';
import type { Credentials, E2eConfig } from '../config/config.ts';
import { PROJECT_ROOT } from '../config/load-config.ts';
import { redactor } from '../report/redactor.ts';
import { startLocalStack } from './local-stack.ts';
import type { ResolvedTarget } from './resolved-target.ts';

export interface StartedTarget {
  resolved: ResolvedTarget;
  stop(): Promise<void>;
}

const LOCAL_USERS = ['alice', 'bob', 'carol'];

/** Starts (local) or just describes (remote) the target the config names. */
export async function resolveTarget(config: E2eConfig): Promise<StartedTarget> {
  if (config.target === 'local') return startLocal(config);
  if (config.target === 'docker') {
    const { startDockerTarget } = await import('./docker-target.ts');
    return startDockerTarget(config);
  }
  return {
    resolved: {
      kind: 'remote',
      authUrl: config.authUrl,
      backendUrl: config.backendUrl!,
      wsUrl: config.wsUrl!,
      signingKey: config.signingKey,
      users: config.users,
      faults: '',
      logFile: undefined,
    },
    stop: async () => {},
  };
}

async function startLocal(config: E2eConfig): Promise<StartedTarget> {
  // A fresh key and fresh passwords each run: nothing secret is ever committed.
  const { privateJwk } = await TokenFactory.generateKey();
  const users: Credentials[] = LOCAL_USERS.map((name) => ({ email: `${name}@example.com`, password: randomBytes(12).toString('base64url') }));
  for (const u of users) redactor.register(u.password);
  const logFile = join(config.reportDir, `reference-${process.pid}-${Date.now()}.log`);
  const stack = await startLocalStack({
    root: PROJECT_ROOT,
    logFile,
    env: {
      ...config.reference,
      REF_SIGNING_KEY: JSON.stringify(privateJwk),
      REF_USERS: users.map((u) => `${u.email}:${u.password}`).join(','),
      REF_ISSUER: config.issuer,
      REF_AUDIENCE: config.audience,
    },
  });
  return {
    resolved: {
      kind: 'local',
      authUrl: stack.authUrl,
      backendUrl: stack.backendUrl,
      wsUrl: stack.wsUrl,
      signingKey: privateJwk,
      users,
      faults: config.reference.REF_FAULTS ?? '',
      logFile,
    },
    stop: () => stack.stop(),
  };
}
