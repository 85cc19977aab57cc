import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'dotenv';
import type { JWK } from 'jose';
import { ConfigError } from '../errors.ts';
import { readSummary } from '../report/read-summary.ts';
import { redactor } from '../report/redactor.ts';
import { checkLoadSize } from './check-load-size.ts';
import { checkReportDir } from './check-report-dir.ts';
import type { Credentials, E2eConfig, TargetKind } from './config.ts';
import { parseValue } from './parse-value.ts';
import { VARIABLES, VARIABLE_NAMES } from './variables.ts';

/** The project root: env/ and reports/ are resolved against it. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Reads `env/<E2E_ENV>.env` (or `E2E_ENV_FILE`), lets the process environment win over it,
 * and validates everything into one typed object. Any problem throws a ConfigError that names
 * the variable and the file.
 */
export function loadConfig(processEnv: NodeJS.ProcessEnv = process.env, root = PROJECT_ROOT): E2eConfig {
  const { file, env } = resolveEnvFile(processEnv, root);
  const text = readFileSync(file, 'utf8');
  checkLines(text, file);
  const fromFile = parse(text);
  const merged: Record<string, string> = { ...fromFile };
  // An empty value means unset, as CI templates write empty strings for variables nobody set
  // (`${{ vars.X }}`): it neither hides the env file's value nor stands in for it.
  for (const [key, value] of Object.entries(processEnv)) {
    if (value && (key.startsWith('E2E_') || key.startsWith('REF_'))) merged[key] = value;
  }
  const where = (name: string) => (processEnv[name] ? undefined : file);

  for (const key of Object.keys(merged)) {
    if (key.startsWith('E2E_') && !VARIABLE_NAMES.has(key)) {
      throw new ConfigError(
        'E2E_CONFIG_INVALID',
        key,
        `unknown variable (see golden-path --help for the list)`,
        where(key),
      );
    }
  }
  // Node reads it once, as it starts: from the env file it would be silently ignored.
  if ('NODE_EXTRA_CA_CERTS' in fromFile) {
    throw new ConfigError(
      'E2E_CONFIG_INVALID',
      'NODE_EXTRA_CA_CERTS',
      'Node reads it as it starts, before the env file: set it in the environment of the run instead',
      file,
    );
  }
  const values = new Map<string, string | number | boolean>();
  for (const spec of VARIABLES) {
    const raw = merged[spec.name] || spec.default; // an empty line in the file is unset too
    if (raw !== undefined) values.set(spec.name, parseValue(spec, raw, where(spec.name)));
  }
  const str = (n: string) => values.get(n) as string | undefined;
  const num = (n: string) => values.get(n) as number;
  const bool = (n: string) => values.get(n) as boolean;

  const target = str('E2E_TARGET') as TargetKind;
  // A docker target with none of its URLs set publishes on free ports it picks (docker-endpoints.ts).
  const pinned = target === 'remote' || ['E2E_AUTH_URL', 'E2E_BACKEND_URL', 'E2E_WS_URL'].some((name) => str(name));
  if (target !== 'local' && pinned) {
    for (const name of ['E2E_BACKEND_URL', 'E2E_WS_URL']) {
      if (!str(name)) {
        const unless =
          target === 'docker'
            ? ' once another of its URLs is set (set none and the docker target picks free ports)'
            : '';
        throw new ConfigError('E2E_CONFIG_MISSING', name, `required when E2E_TARGET=${target}${unless}`, file);
      }
    }
  }
  const shard = str('E2E_SHARD')?.split('/').map(Number);
  const reference: Record<string, string> = {};
  for (const [key, value] of Object.entries(merged)) if (key.startsWith('REF_')) reference[key] = value;
  const reportDir = resolve(root, str('E2E_REPORT_DIR')!);
  checkReportDir(reportDir, where('E2E_REPORT_DIR'));
  const baseline = str('E2E_BASELINE') ? resolve(root, str('E2E_BASELINE')!) : undefined;
  if (baseline) checkBaseline(baseline, where('E2E_BASELINE'));
  checkLoadSize(
    { users: num('E2E_LOAD_USERS'), workers: Math.max(1, num('E2E_LOAD_WORKERS')), shards: shard?.[1] ?? 1 },
    where('E2E_LOAD_USERS'),
  );

  return {
    env,
    envFile: file,
    target,
    contractModule: str('E2E_CONTRACT'),
    authUrl: str('E2E_AUTH_URL'),
    backendUrl: str('E2E_BACKEND_URL'),
    wsUrl: str('E2E_WS_URL'),
    composeFile: str('E2E_COMPOSE_FILE')!,
    authMode: str('E2E_AUTH_MODE') as E2eConfig['authMode'],
    users: parseUsers(str('E2E_USERS'), where('E2E_USERS')),
    signingKey: parseSigningKey(str('E2E_SIGNING_KEY'), where('E2E_SIGNING_KEY')),
    issuer: str('E2E_TOKEN_ISSUER')!,
    audience: str('E2E_TOKEN_AUDIENCE')!,
    testMode: bool('E2E_TEST_MODE'),
    bypassHeader: str('E2E_BYPASS_HEADER')!,
    jwksUrl: str('E2E_JWKS_URL') ?? (str('E2E_AUTH_URL') ? `${str('E2E_AUTH_URL')}/.well-known/jwks.json` : undefined),
    allowedOrigin: str('E2E_ALLOWED_ORIGIN')!,
    originCheck: str('E2E_ORIGIN_CHECK') === 'on',
    timeouts: {
      handshakeMs: num('E2E_HANDSHAKE_TIMEOUT_MS'),
      eventMs: num('E2E_EVENT_TIMEOUT_MS'),
      runMs: num('E2E_RUN_TIMEOUT_MS'),
    },
    latencyBudgetMs: num('E2E_LATENCY_BUDGET_MS'),
    streaming: {
      longRunMs: num('E2E_LONG_RUN_MS'),
      keepaliveMs: num('E2E_KEEPALIVE_MS'),
      proxyIdleHintMs: num('E2E_PROXY_IDLE_HINT_MS'),
    },
    heartbeat: { pingIntervalMs: num('E2E_PING_INTERVAL_MS'), idleLimitMs: num('E2E_IDLE_LIMIT_MS') },
    maxPayloadBytes: num('E2E_MAX_PAYLOAD_BYTES'),
    reconnect: {
      initialMs: num('E2E_RECONNECT_INITIAL_MS'),
      maxMs: num('E2E_RECONNECT_MAX_MS'),
      withinMs: num('E2E_RECONNECT_WITHIN_MS'),
    },
    expectVersion: str('E2E_EXPECT_VERSION'),
    expectCommit: str('E2E_EXPECT_COMMIT'),
    preflight: bool('E2E_PREFLIGHT'),
    load: {
      users: num('E2E_LOAD_USERS'),
      concurrency: num('E2E_LOAD_CONCURRENCY'),
      rate: num('E2E_LOAD_RATE'),
      durationS: num('E2E_LOAD_DURATION_S'),
      maxS: num('E2E_LOAD_MAX_S'),
      sourceAddresses: num('E2E_LOAD_SOURCE_ADDRESSES'),
      progress: bool('E2E_LOAD_PROGRESS'),
      workers: Math.max(1, num('E2E_LOAD_WORKERS')),
      keepSamples: bool('E2E_LOAD_KEEP_SAMPLES'),
      thresholds: {
        minSuccessRate: num('E2E_MIN_SUCCESS_RATE'),
        maxMeanHandshakeMs: num('E2E_MAX_MEAN_HANDSHAKE_MS'),
        maxP95HandshakeMs: num('E2E_MAX_P95_HANDSHAKE_MS'),
        maxP95CompletionMs: num('E2E_MAX_P95_COMPLETION_MS'),
        max1011Rate: num('E2E_MAX_1011_RATE'),
      },
      // A remote target's figures are its SLO; the stacks started here share the machine with the harness.
      thresholdMode: (str('E2E_LOAD_THRESHOLDS') ?? (target === 'remote' ? 'absolute' : 'calibrated')) as
        'calibrated' | 'absolute',
    },
    shard: shard ? { index: shard[0]!, count: shard[1]! } : undefined,
    reportDir,
    baseline,
    verbose: bool('E2E_VERBOSE'),
    reference,
  };
}

// A baseline that cannot be read would cost the comparison only at the run's end, after all the waiting.
function checkBaseline(path: string, file: string | undefined): void {
  try {
    readSummary(path);
  } catch (error) {
    throw new ConfigError(
      'E2E_CONFIG_INVALID',
      'E2E_BASELINE',
      `${(error as Error).message}; expected the summary.json of an earlier golden-path run`,
      file,
    );
  }
}

function resolveEnvFile(processEnv: NodeJS.ProcessEnv, root: string): { file: string; env: string } {
  const explicit = processEnv.E2E_ENV_FILE;
  if (explicit) {
    const file = isAbsolute(explicit) ? explicit : resolve(process.cwd(), explicit);
    if (!existsSync(file)) throw new ConfigError('E2E_CONFIG_MISSING', 'E2E_ENV_FILE', `file not found: ${file}`);
    return { file, env: processEnv.E2E_ENV || file.replace(/^.*\/|\.env$/g, '') };
  }
  const env = processEnv.E2E_ENV || 'local';
  if (!/^[\w.-]+$/.test(env)) {
    throw new ConfigError(
      'E2E_CONFIG_INVALID',
      'E2E_ENV',
      `expected a name like local or staging, got ${JSON.stringify(env)}`,
    );
  }
  const file = join(root, 'env', `${env}.env`);
  if (!existsSync(file)) {
    const known = readdirSync(join(root, 'env'))
      .filter((f) => f.endsWith('.env'))
      .map((f) => f.slice(0, -4));
    throw new ConfigError('E2E_CONFIG_MISSING', 'E2E_ENV', `no env file ${file} (known: ${known.join(', ')})`);
  }
  return { file, env };
}

function parseUsers(raw: string | undefined, file: string | undefined): Credentials[] {
  if (!raw) return [];
  return raw.split(',').map((entry) => {
    const at = entry.indexOf(':');
    if (at <= 0 || at === entry.length - 1) {
      throw new ConfigError('E2E_CONFIG_INVALID', 'E2E_USERS', 'expected email:password,email:password', file);
    }
    const password = entry.slice(at + 1);
    redactor.register(password);
    return { email: entry.slice(0, at).trim(), password };
  });
}

function parseSigningKey(raw: string | undefined, file: string | undefined): JWK | undefined {
  if (!raw) return undefined;
  try {
    const jwk = JSON.parse(raw) as JWK;
    if (typeof jwk.kty !== 'string' || typeof jwk.d !== 'string') throw new Error('not a private JWK');
    redactor.register(jwk.d);
    return jwk;
  } catch {
    throw new ConfigError('E2E_CONFIG_INVALID', 'E2E_SIGNING_KEY', 'expected a private JWK as JSON', file);
  }
}

// dotenv skips a line it cannot read (`E2E_X 3000`): a setting the user believes in would be ignored.
function checkLines(text: string, file: string): void {
  let quote: string | undefined;
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (quote) {
      if (trimmed.endsWith(quote)) quote = undefined;
      return;
    }
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_][\w.-]*)\s*=\s*(["'`]?)(.*)$/.exec(trimmed);
    if (!m) {
      const name = /^[A-Za-z_][\w.-]*/.exec(trimmed)?.[0] ?? `line ${i + 1}`;
      throw new ConfigError(
        'E2E_CONFIG_INVALID',
        name,
        `line ${i + 1} is not NAME=value: ${JSON.stringify(trimmed.slice(0, 60))}`,
        file,
      );
    }
    // A quoted value that does not close on its line goes on until its closing quote.
    if (m[2] && !m[3]!.replace(/\s+#.*$/, '').endsWith(m[2])) quote = m[2];
  });
}
