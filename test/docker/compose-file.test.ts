import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseEnv } from 'dotenv';
import { getContainerRuntimeClient } from 'testcontainers';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../framework/config/load-config.ts';
import { dockerEndpoints } from '../../framework/target/docker-endpoints.ts';
import { composeEnvironment } from '../../framework/target/docker-target.ts';
import { ROOT, runCli } from '../cli/support/run-cli.ts';
import { NO_REAPER, engineProblem, skipWithoutEngine } from './support/docker-engine.ts';

interface Service {
  build?: { context: string; dockerfile: string };
  image?: string;
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: { test: string[]; interval?: string; retries?: number };
}

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };
const envFile = parseEnv(readFileSync(join(ROOT, 'env/docker.env')));
const service = compose.services.reference!;

/** `127.0.0.1:${VAR:-}:8080` → its parts; compose substitutes VAR, or the default (none: docker picks). */
function published(spec: string): { ip: string; variable: string; hostDefault: string; container: string } {
  const m = /^(?<ip>[\d.]+):\$\{(?<variable>\w+):-(?<hostDefault>\d*)\}:(?<container>\d+)$/.exec(spec);
  if (!m?.groups) throw new Error(`port mapping "${spec}" is not ip:\${VAR:-default}:container`);
  return m.groups as ReturnType<typeof published>;
}
const portOf = (url: string | undefined) => new URL(url!).port;
const secrets = { signingKey: '{"kty":"EC"}', users: [{ email: 'a@example.com', password: 'pw-123456' }] };

describe('docker-compose.yml matches env/docker.env', () => {
  it('has the reference service, built from a Dockerfile that runs reference/main.ts', () => {
    expect(Object.keys(compose.services)).toEqual(['reference']);
    const dockerfile = join(ROOT, service.build!.context, service.build!.dockerfile);
    expect(existsSync(dockerfile), dockerfile).toBe(true);
    const text = readFileSync(dockerfile, 'utf8');
    expect(text).toMatch(/^CMD \["node", "--import", "tsx", "reference\/main\.ts"\]$/m);
    expect(text).toMatch(/^EXPOSE 8080 8081$/m);
  });

  // A fixed 18080/18081 collided with another local service: no host port is written down anywhere.
  it('publishes on loopback, onto the ports the reference listens on, with no fixed host port', () => {
    const [backend, auth] = service.ports!.map(published);
    for (const p of [backend!, auth!]) {
      expect(p.ip).toBe('127.0.0.1');
      expect(p.hostDefault).toBe('');
    }
    expect(backend!.container).toBe(service.environment!.REF_BACKEND_PORT);
    expect(auth!.container).toBe(service.environment!.REF_AUTH_PORT);
    expect(service.environment!.REF_HOST).toBe('0.0.0.0');
    for (const name of ['E2E_BACKEND_URL', 'E2E_WS_URL', 'E2E_AUTH_URL']) expect(envFile[name], name).toBeUndefined();
  });

  it('gets ports picked free for the run, by the names the compose file reads, and the URLs to match', async () => {
    const config = loadConfig({ E2E_ENV: 'docker' });
    const endpoints = await dockerEndpoints(config);
    const vars = composeEnvironment(config, endpoints, secrets);
    const [backend, auth] = service.ports!.map(published);
    expect(endpoints.chosen).toBe(true);
    expect(vars[backend!.variable]).toBe(portOf(endpoints.backendUrl));
    expect(vars[auth!.variable]).toBe(portOf(endpoints.authUrl));
    expect(vars[backend!.variable]).not.toBe(vars[auth!.variable]);
    expect(endpoints.wsUrl).toBe(`ws://127.0.0.1:${portOf(endpoints.backendUrl)}/ws`);
    for (const name of ['REF_SIGNING_KEY', 'REF_USERS', 'REF_ISSUER', 'REF_AUDIENCE']) {
      expect(service.environment![name], name).toMatch(new RegExp(`^\\$\\{${name}:-`));
      expect(vars[name], name).toBeTruthy();
    }
  });

  it("publishes on the env's ports when it pins them", async () => {
    const config = loadConfig({
      E2E_ENV: 'docker',
      E2E_BACKEND_URL: 'http://127.0.0.1:28080',
      E2E_WS_URL: 'ws://127.0.0.1:28080/ws',
    });
    const endpoints = await dockerEndpoints(config);
    expect(endpoints).toEqual({
      backendUrl: 'http://127.0.0.1:28080',
      wsUrl: 'ws://127.0.0.1:28080/ws',
      authUrl: undefined,
      chosen: false,
    });
    const vars = composeEnvironment(config, endpoints, secrets);
    expect(vars.GOLDEN_PATH_BACKEND_PORT).toBe('28080');
    expect(vars).not.toHaveProperty('GOLDEN_PATH_AUTH_PORT');
  });

  it('a pinned URL without the others it needs stops the run, naming the missing one', () => {
    expect(() => loadConfig({ E2E_ENV: 'docker', E2E_AUTH_URL: 'http://127.0.0.1:28081' })).toThrow(
      /^E2E_BACKEND_URL: required when E2E_TARGET=docker once another of its URLs is set \(set none and the docker target picks free ports\)/,
    );
  });

  it('forwards every REF_* variable of env/docker.env into the container (none silently dropped)', () => {
    const forwarded = Object.entries(service.environment!)
      .filter(([k, v]) => v.startsWith(`\${${k}`))
      .map(([k]) => k);
    const inEnvFile = Object.keys(envFile).filter((k) => k.startsWith('REF_'));
    expect(inEnvFile.length).toBeGreaterThan(0);
    expect(inEnvFile.filter((k) => !forwarded.includes(k))).toEqual([]);
  });

  it("has a health check that asks both services' /health, which the docker target waits on", () => {
    const check = service.healthcheck!;
    expect(check.test[0]).toBe('CMD');
    const script = check.test.join(' ');
    expect(script).toContain('/health');
    for (const port of [service.environment!.REF_BACKEND_PORT, service.environment!.REF_AUTH_PORT])
      expect(script).toContain(port);
    expect(check.retries).toBeGreaterThan(0);
  });
});

describe('the docker target, live', () => {
  let engine: string | undefined;
  // What the harness itself asks: testcontainers, which falls back to /var/run/docker.sock.
  let noClient: string | undefined;
  beforeAll(async () => {
    engine = await engineProblem();
    noClient = await getContainerRuntimeClient().then(
      () => undefined,
      (e: Error) => e.message,
    );
  });
  const needsEngine = (skip: (note: string) => void) => skipWithoutEngine(engine, skip);
  const noReaper = NO_REAPER;

  it('without a Docker engine, `E2E_ENV=docker` exits 2 with one clear message', async ({ skip }) => {
    if (!noClient) skip('a Docker engine is reachable here; the no-engine path is not exercised');
    const r = await runCli(['run', '--env', 'docker', '--suite', 'golden-path'], {}, 120_000);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(
      /golden-path: target docker unavailable: docker target: no Docker engine reachable .*E2E_ENV=local/,
    );
  });

  // Each of these used to wait for `up` and say "did not come up healthy within 180 s" after 2 s.
  const STOPS: [string, () => Promise<{ env: Record<string, string>; release?: () => Promise<void> }>, RegExp][] = [
    [
      'no Compose plugin',
      async () => {
        const bin = mkdtempSync(join(tmpdir(), 'gp-no-compose-'));
        writeFileSync(
          join(bin, 'docker'),
          `#!/bin/sh\necho "docker: 'compose' is not a docker command." >&2\nexit 1\n`,
          { mode: 0o755 },
        );
        return {
          env: { ...noReaper, PATH: `${bin}:${process.env.PATH}` },
          release: async () => rmSync(bin, { recursive: true, force: true }),
        };
      },
      /docker target: `docker compose` is not available \(docker: 'compose' is not a docker command\.\): install the Docker Compose v2 plugin/,
    ],
    [
      'a published port already taken',
      async () => {
        const holder = createServer();
        await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
        const port = (holder.address() as AddressInfo).port;
        const env = {
          ...noReaper,
          E2E_BACKEND_URL: `http://127.0.0.1:${port}`,
          E2E_WS_URL: `ws://127.0.0.1:${port}/ws`,
        };
        return { env, release: () => new Promise<void>((r) => holder.close(() => r())) };
      },
      /docker target: port \d+ on 127\.0\.0\.1, from E2E_BACKEND_URL, is already in use/,
    ],
    // A registry that refuses every pull: the same failure as no registry at all, on any runner.
    [
      'a reaper image that cannot be pulled',
      async () => ({ env: { TESTCONTAINERS_RYUK_DISABLED: 'false', RYUK_CONTAINER_IMAGE: '127.0.0.1:1/no/ryuk:0' } }),
      /docker target: testcontainers could not start its reaper container \(127\.0\.0\.1:1\/no\/ryuk:0\): .*set TESTCONTAINERS_RYUK_DISABLED=true/,
    ],
  ];
  it.for(STOPS)(
    '%s: exit 2 within seconds, naming what to fix',
    { timeout: 130_000 },
    async ([, arrange, line], { skip }) => {
      needsEngine(skip);
      const { env, release } = await arrange();
      try {
        const r = await runCli(['run', '--env', 'docker', '--suite', 'golden-path'], env, 120_000);
        expect(r.code, r.stdout + r.stderr).toBe(2);
        expect(r.stderr).toMatch(line);
        expect(r.stderr).not.toMatch(/did not come up healthy/);
        expect(r.durationMs).toBeLessThan(60_000);
      } finally {
        await release?.();
      }
    },
  );

  it('brings the compose stack up, runs the golden path against it, and tears it down', async ({ skip }) => {
    needsEngine(skip);
    const r = await runCli(['run', '--env', 'docker', '--suite', 'golden-path'], noReaper, 600_000);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  }, 620_000);
});
