import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { TokenFactory } from '../auth/token-factory.ts';
import type { Credentials, E2eConfig } from '../config/config.ts';
import { PROJECT_ROOT } from '../config/load-config.ts';
import { request } from 'undici';
import { E2eError } from '../errors.ts';
import { redactor } from '../report/redactor.ts';
import { startLocalProxy, startLocalStack, type LocalStack } from './local-stack.ts';
import { runLogPath } from './run-log.ts';
import { errorText, startTargetControl, type TargetSwitch } from './target-control.ts';
import type { StartedTarget } from './resolved-target.ts';

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
      // None for an agent reached only over SSE: the WebSocket checks say n.a. there.
      wsUrl: config.wsUrl ?? '',
      signingKey: config.signingKey,
      users: config.users,
      faults: '',
      logFile: undefined,
    },
    stop: async () => {},
  };
}

async function startLocal(config: E2eConfig): Promise<StartedTarget> {
  // A fresh key and fresh passwords each run: nothing secret is ever committed. E2E_SIGNING_KEY and
  // E2E_USERS, when set, are used instead (the redaction test runs with secrets it knows).
  const privateJwk = config.signingKey ?? (await TokenFactory.generateKey()).privateJwk;
  const users: Credentials[] =
    config.users.length > 0
      ? config.users
      : LOCAL_USERS.map((name) => ({ email: `${name}@example.com`, password: randomBytes(12).toString('base64url') }));
  for (const u of users) redactor.register(u.password);
  const logFile = runLogPath(config.reportDir);
  // What the harness itself hands the stack; the other REF_* settings come from the config, or a switch.
  const own = {
    REF_SIGNING_KEY: JSON.stringify(privateJwk),
    REF_USERS: users.map((u) => `${u.email}:${u.password}`).join(','),
    REF_ISSUER: config.issuer,
    REF_AUDIENCE: config.audience,
  };
  let reference = config.reference;
  const startStack = (env: Record<string, string> = {}) =>
    startLocalStack({ root: PROJECT_ROOT, logFile, env: { ...reference, ...own, ...env } });
  // REF_PROXY puts a reverse proxy (with a fault) between the tests and the backend; the auth
  // service stays direct. The proxy outlives a restart: the backend comes back on the same port.
  const startProxy = async (upstream: LocalStack) =>
    reference.REF_PROXY
      ? startLocalProxy({
          root: PROJECT_ROOT,
          logFile,
          mode: reference.REF_PROXY,
          port: reference.REF_PROXY_PORT,
          upstream,
        }).catch(async (error: unknown) => {
          await upstream.stop();
          throw error;
        })
      : undefined;
  let stack = await startStack();
  let proxy = await startProxy(stack);
  // A restart keeps the ports, key, users, faults and settings, so URLs and tokens stay valid across it.
  let faults = reference.REF_FAULTS ?? '';
  const restart = async (): Promise<{ downMs: number }> => {
    const started = performance.now();
    const ports = { REF_AUTH_PORT: new URL(stack.authUrl).port, REF_BACKEND_PORT: new URL(stack.backendUrl).port };
    await stack.stop();
    stack = await startStack({ ...ports, REF_FAULTS: faults });
    return { downMs: Math.round(performance.now() - started) };
  };
  const secret = reference.REF_ADMIN_SECRET;
  const control = await startTargetControl({
    restart,
    ...(secret && {
      switch: async (to: TargetSwitch) => {
        const next = { ...config.reference, ...switchable(to.reference ?? {}) };
        if (sameSettings(next, reference)) {
          const switched =
            stack.adminUrl !== undefined && (await switchFaults(`${stack.adminUrl}/${secret}/faults`, to.faults));
          faults = to.faults;
          // A stack that a fault killed is started again, with the new faults.
          if (!switched) await restart();
        } else {
          // Other settings: the stack starts again with them on its ports, and the proxy they name.
          reference = next;
          faults = to.faults;
          await proxy?.stop();
          proxy = undefined;
          await restart();
          proxy = await startProxy(stack);
        }
        const { backendUrl, wsUrl } = proxy ?? stack;
        return { backendUrl, wsUrl };
      },
    }),
  });
  const front = proxy ?? stack;
  return {
    resolved: {
      kind: 'local',
      authUrl: stack.authUrl,
      backendUrl: front.backendUrl,
      wsUrl: front.wsUrl,
      signingKey: privateJwk,
      users,
      faults,
      logFile,
      controlUrl: control.url,
    },
    stop: async () => {
      await control.close();
      await proxy?.stop();
      await stack.stop();
    },
  };
}

/** REF_* settings a switch may change: not those the harness owns, nor the faults (switched apart). */
const NOT_SWITCHABLE = new Set([
  'REF_SIGNING_KEY',
  'REF_USERS',
  'REF_ISSUER',
  'REF_AUDIENCE',
  'REF_ADMIN_SECRET',
  'REF_FAULTS',
  'REF_AUTH_PORT',
  'REF_BACKEND_PORT',
]);

function switchable(reference: Record<string, string>): Record<string, string> {
  for (const key of Object.keys(reference))
    if (!key.startsWith('REF_') || NOT_SWITCHABLE.has(key))
      throw new E2eError('E2E_TARGET_CONTROL', `${key} cannot be switched on a running stack`);
  return reference;
}

function sameSettings(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}

/** Asks a running reference to switch its faults; false when it is not there to ask (it exited). */
async function switchFaults(url: string, spec: string): Promise<boolean> {
  let res;
  try {
    res = await request(url, { method: 'PUT', body: JSON.stringify({ faults: spec }), headersTimeout: 20_000 });
  } catch {
    return false;
  }
  const text = await res.body.text();
  if (res.statusCode !== 200)
    throw new E2eError(
      'E2E_TARGET_CONTROL',
      `the reference refused the faults "${spec}" (HTTP ${res.statusCode}): ${errorText(text, 'message')}`,
    );
  return true;
}
