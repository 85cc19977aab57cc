import { randomBytes } from 'node:crypto';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { JWK } from 'jose';
import {
  DockerComposeEnvironment,
  Wait,
  getContainerRuntimeClient,
  type StartedDockerComposeEnvironment,
} from 'testcontainers';
import { request } from 'undici';
import { login } from '../auth/login.ts';
import { TokenFactory } from '../auth/token-factory.ts';
import type { Credentials, E2eConfig } from '../config/config.ts';
import { PROJECT_ROOT } from '../config/load-config.ts';
import { E2eError } from '../errors.ts';
import { redactor } from '../report/redactor.ts';
import { describeComposeUpFailure, portTaken } from './compose-up-failure.ts';
import { checkComposePreconditions } from './docker-preconditions.ts';
import { dockerEndpoints, publishedPorts, type DockerEndpoints } from './docker-endpoints.ts';
import type { StartedTarget } from './resolved-target.ts';

const STARTUP_TIMEOUT_MS = 180_000;
const USERS = ['alice', 'bob', 'carol'];

/** The variables the compose file reads: published ports (from the endpoints), secrets, and REF_*. */
export function composeEnvironment(
  config: E2eConfig,
  endpoints: Pick<DockerEndpoints, 'backendUrl' | 'authUrl'>,
  secrets: { signingKey: string; users: Credentials[] },
): Record<string, string> {
  return {
    ...config.reference,
    ...publishedPorts(endpoints),
    REF_SIGNING_KEY: secrets.signingKey,
    REF_USERS: secrets.users.map((u) => `${u.email}:${u.password}`).join(','),
    REF_ISSUER: config.issuer,
    REF_AUDIENCE: config.audience,
  };
}

/**
 * Brings up `E2E_COMPOSE_FILE` through testcontainers' compose environment, waits until every
 * service's health check passes, and hands the suites its URLs: the env's, or ports on 127.0.0.1
 * picked free for this run when the env pins none (docker-endpoints.ts). No reachable Docker
 * engine is E2E_TARGET_UNREACHABLE (exit 2), said once, before anything is built; so is a missing
 * Compose plugin, a published port already taken or a reaper that cannot start (E2E_TARGET_START_FAILED).
 */
export async function startDockerTarget(config: E2eConfig): Promise<StartedTarget> {
  let client;
  try {
    client = await getContainerRuntimeClient();
  } catch (error) {
    throw new E2eError(
      'E2E_TARGET_UNREACHABLE',
      `docker target: no Docker engine reachable (${error instanceof Error ? error.message : String(error)}; DOCKER_HOST=${process.env.DOCKER_HOST ?? 'unset'}). Start Docker or set DOCKER_HOST, or use the embedded stack: E2E_ENV=local`,
      { cause: error },
    );
  }
  await checkComposePreconditions(config, client);
  // Like the local target: a fresh key and passwords for this run unless the env gives them.
  const signingKey = config.signingKey ?? (await TokenFactory.generateKey()).privateJwk;
  const users =
    config.users.length > 0
      ? config.users
      : USERS.map((n) => ({ email: `${n}@example.com`, password: randomBytes(12).toString('base64url') }));
  for (const u of users) redactor.register(u.password);
  const file = isAbsolute(config.composeFile) ? config.composeFile : join(PROJECT_ROOT, config.composeFile);
  const secrets = { signingKey: JSON.stringify(signingKey), users };

  const { environment, endpoints } = await upWithPorts(config, file, secrets);
  // Your own images do not read REF_*: keep the generated key and accounts only if the target took them.
  const trusted = await adoptedByTarget(config, endpoints.authUrl, { signingKey, users });
  return {
    resolved: {
      kind: 'docker',
      authUrl: endpoints.authUrl,
      backendUrl: endpoints.backendUrl,
      wsUrl: endpoints.wsUrl,
      signingKey: trusted.signingKey,
      users: trusted.users,
      faults: config.reference.REF_FAULTS ?? '',
      logFile: undefined,
    },
    stop: async () => {
      await environment.down({ timeout: 10_000, removeVolumes: true });
    },
  };
}

/**
 * `up` on the env's ports, or on ports picked free just before. Those can be taken before compose
 * binds them (testcontainers has taken the failed project down by then): pick again, once.
 */
async function upWithPorts(
  config: E2eConfig,
  file: string,
  secrets: { signingKey: string; users: Credentials[] },
): Promise<{ environment: StartedDockerComposeEnvironment; endpoints: DockerEndpoints }> {
  for (let attempt = 1; ; attempt += 1) {
    const endpoints = await dockerEndpoints(config);
    const started = performance.now();
    try {
      return { environment: await composeUp(file, composeEnvironment(config, endpoints, secrets)), endpoints };
    } catch (error) {
      if (endpoints.chosen && attempt === 1 && portTaken(error)) continue;
      const line = describeComposeUpFailure(error, {
        file,
        elapsedMs: performance.now() - started,
        timeoutMs: STARTUP_TIMEOUT_MS,
      });
      throw new E2eError('E2E_TARGET_START_FAILED', redactor.redact(line), { cause: error });
    }
  }
}

function composeUp(file: string, environment: Record<string, string>): Promise<StartedDockerComposeEnvironment> {
  return new DockerComposeEnvironment(dirname(file), basename(file))
    .withEnvironment(environment)
    .withBuild()
    .withDefaultWaitStrategy(Wait.forHealthCheck())
    .withStartupTimeout(STARTUP_TIMEOUT_MS)
    .up();
}

/**
 * The generated key counts only if the auth service's JWKS lists its kid; generated accounts only
 * if the first can log in. Values from E2E_SIGNING_KEY / E2E_USERS are the user's word and kept.
 */
async function adoptedByTarget(
  config: E2eConfig,
  authUrl: string | undefined,
  made: { signingKey: JWK; users: Credentials[] },
): Promise<{ signingKey: JWK | undefined; users: Credentials[] }> {
  if (!authUrl) return { signingKey: config.signingKey, users: config.users };
  const signingKey =
    config.signingKey ?? ((await jwksKids(authUrl)).includes(made.signingKey.kid ?? '') ? made.signingKey : undefined);
  const users =
    config.users.length > 0
      ? config.users
      : (await login(authUrl, made.users[0]!).then(
            () => true,
            () => false,
          ))
        ? made.users
        : [];
  return { signingKey, users };
}

async function jwksKids(authUrl: string): Promise<string[]> {
  try {
    const res = await request(new URL('/.well-known/jwks.json', authUrl), { headersTimeout: 5000, bodyTimeout: 5000 });
    const body = (await res.body.json()) as { keys?: { kid?: string }[] };
    return (body.keys ?? []).map((k) => k.kid ?? '');
  } catch {
    return [];
  }
}
