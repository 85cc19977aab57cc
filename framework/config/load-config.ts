import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'dotenv';
import { ConfigError } from '../errors.ts';
import { readSummary } from '../report/read-summary.ts';
import { redactor } from '../report/redactor.ts';
import { checkEnvLines } from './check-env-lines.ts';
import { checkLoadSize } from './check-load-size.ts';
import { checkReportDir } from './check-report-dir.ts';
import type { E2eConfig } from './config.ts';
import { parseSigningKey, parseUsers } from './parse-credentials.ts';
import { readVariables } from './read-variables.ts';
import { VARIABLE_NAMES } from './variables.ts';

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
  checkEnvLines(text, file);
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
  const v = readVariables(merged, where);
  const target = v.E2E_TARGET;
  // A docker target with none of its URLs set publishes on free ports it picks (docker-endpoints.ts).
  const urls = { E2E_AUTH_URL: v.E2E_AUTH_URL, E2E_BACKEND_URL: v.E2E_BACKEND_URL, E2E_WS_URL: v.E2E_WS_URL };
  const pinned = target === 'remote' || Object.values(urls).some(Boolean);
  // Over SSE a deployed agent may have no WebSocket at all, and E2E_SSE_URL names its host.
  const sse = v.E2E_TRANSPORT === 'sse';
  if (sse && v.E2E_SSE_URL && !urls.E2E_BACKEND_URL) urls.E2E_BACKEND_URL = new URL(v.E2E_SSE_URL).origin;
  if (target !== 'local' && pinned) {
    for (const name of sse ? (['E2E_BACKEND_URL'] as const) : (['E2E_BACKEND_URL', 'E2E_WS_URL'] as const)) {
      if (!urls[name]) {
        const unless =
          target === 'docker'
            ? ' once another of its URLs is set (set none and the docker target picks free ports)'
            : '';
        const orSse = sse ? ' (or E2E_SSE_URL, with E2E_TRANSPORT=sse)' : '';
        throw new ConfigError('E2E_CONFIG_MISSING', name, `required when E2E_TARGET=${target}${unless}${orSse}`, file);
      }
    }
  }
  const reference: Record<string, string> = {};
  for (const [key, value] of Object.entries(merged)) if (key.startsWith('REF_')) reference[key] = value;
  redactor.register(reference.REF_ADMIN_SECRET);
  const reportDir = resolve(root, v.E2E_REPORT_DIR);
  checkReportDir(reportDir, where('E2E_REPORT_DIR'));
  const baseline = v.E2E_BASELINE ? resolve(root, v.E2E_BASELINE) : undefined;
  const workers = Math.max(1, v.E2E_LOAD_WORKERS);
  checkLoadSize({ users: v.E2E_LOAD_USERS, workers, shards: v.E2E_SHARD?.count ?? 1 }, where('E2E_LOAD_USERS'));
  // A POST has no Sec-WebSocket-Protocol: the token would never be sent, and every run refused.
  if (sse && v.E2E_AUTH_MODE === 'subprotocol')
    throw new ConfigError(
      'E2E_CONFIG_INVALID',
      'E2E_AUTH_MODE',
      'subprotocol cannot carry a token with E2E_TRANSPORT=sse (a POST has no Sec-WebSocket-Protocol): use header or query',
      where('E2E_AUTH_MODE'),
    );

  return {
    env,
    envFile: file,
    target,
    contractModule: v.E2E_CONTRACT,
    authUrl: v.E2E_AUTH_URL,
    backendUrl: urls.E2E_BACKEND_URL,
    wsUrl: v.E2E_WS_URL,
    transport: v.E2E_TRANSPORT,
    sseUrl: v.E2E_SSE_URL,
    composeFile: v.E2E_COMPOSE_FILE,
    authMode: v.E2E_AUTH_MODE,
    users: parseUsers(v.E2E_USERS, where('E2E_USERS')),
    signingKey: parseSigningKey(v.E2E_SIGNING_KEY, where('E2E_SIGNING_KEY')),
    issuer: v.E2E_TOKEN_ISSUER,
    audience: v.E2E_TOKEN_AUDIENCE,
    testMode: v.E2E_TEST_MODE,
    bypassHeader: v.E2E_BYPASS_HEADER,
    jwksUrl: v.E2E_JWKS_URL ?? (v.E2E_AUTH_URL ? `${v.E2E_AUTH_URL}/.well-known/jwks.json` : undefined),
    allowedOrigin: v.E2E_ALLOWED_ORIGIN,
    originCheck: v.E2E_ORIGIN_CHECK === 'on',
    timeouts: {
      handshakeMs: v.E2E_HANDSHAKE_TIMEOUT_MS,
      eventMs: v.E2E_EVENT_TIMEOUT_MS,
      runMs: v.E2E_RUN_TIMEOUT_MS,
    },
    latencyBudgetMs: v.E2E_LATENCY_BUDGET_MS,
    streaming: {
      longRunMs: v.E2E_LONG_RUN_MS,
      keepaliveMs: v.E2E_KEEPALIVE_MS,
      proxyIdleHintMs: v.E2E_PROXY_IDLE_HINT_MS,
    },
    heartbeat: { pingIntervalMs: v.E2E_PING_INTERVAL_MS, idleLimitMs: v.E2E_IDLE_LIMIT_MS },
    maxPayloadBytes: v.E2E_MAX_PAYLOAD_BYTES,
    reconnect: {
      initialMs: v.E2E_RECONNECT_INITIAL_MS,
      maxMs: v.E2E_RECONNECT_MAX_MS,
      withinMs: v.E2E_RECONNECT_WITHIN_MS,
    },
    expectVersion: v.E2E_EXPECT_VERSION,
    expectCommit: v.E2E_EXPECT_COMMIT,
    preflight: v.E2E_PREFLIGHT,
    load: {
      users: v.E2E_LOAD_USERS,
      concurrency: v.E2E_LOAD_CONCURRENCY,
      rate: v.E2E_LOAD_RATE,
      durationS: v.E2E_LOAD_DURATION_S,
      maxS: v.E2E_LOAD_MAX_S,
      sourceAddresses: v.E2E_LOAD_SOURCE_ADDRESSES,
      progress: v.E2E_LOAD_PROGRESS,
      workers,
      keepSamples: v.E2E_LOAD_KEEP_SAMPLES,
      thresholds: {
        minSuccessRate: v.E2E_MIN_SUCCESS_RATE,
        maxMeanHandshakeMs: v.E2E_MAX_MEAN_HANDSHAKE_MS,
        maxP95HandshakeMs: v.E2E_MAX_P95_HANDSHAKE_MS,
        maxP95CompletionMs: v.E2E_MAX_P95_COMPLETION_MS,
        max1011Rate: v.E2E_MAX_1011_RATE,
      },
      // A remote target's figures are its SLO; the stacks started here share the machine with the harness.
      thresholdMode: v.E2E_LOAD_THRESHOLDS ?? (target === 'remote' ? 'absolute' : 'calibrated'),
    },
    shard: v.E2E_SHARD,
    reportDir,
    baseline,
    verbose: v.E2E_VERBOSE,
    reference,
  };
}

/**
 * A baseline that cannot be read would cost the comparison only at the run's end, after all the
 * waiting: the run's setup checks it once (each worker that loads the config need not).
 */
export function checkBaseline(config: E2eConfig, processEnv: NodeJS.ProcessEnv = process.env): void {
  if (!config.baseline) return;
  try {
    readSummary(config.baseline);
  } catch (error) {
    throw new ConfigError(
      'E2E_CONFIG_INVALID',
      'E2E_BASELINE',
      `${(error as Error).message}; expected the summary.json of an earlier golden-path run`,
      processEnv.E2E_BASELINE ? undefined : config.envFile,
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
