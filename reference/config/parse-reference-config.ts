import { parseFaults } from '../faults/parse-faults.ts';
import { readBool, readInt, readList, readOptional, readPort, readString, type Env } from './env-readers.ts';
import { ReferenceConfigError } from './config-error.ts';
import { parseDialects } from './parse-dialects.ts';
import { parseSigningKey } from './parse-signing-key.ts';
import { DEFAULT_USERS, parseUsers } from './parse-users.ts';
import type { ReferenceConfig } from './reference-config.ts';

const DAY_MS = 86_400_000;
/** An admin secret shorter than this could be guessed. */
const MIN_ADMIN_SECRET_CHARS = 16;

/**
 * Reads the REF_* variables into a validated config; throws ReferenceConfigError naming the variable.
 * @example parseReferenceConfig({ REF_FAULTS: 'drop_event:tool_completed' })
 */
export function parseReferenceConfig(env: Env = process.env): ReferenceConfig {
  const pingIntervalMs = readInt(env, 'REF_PING_INTERVAL_MS', 15_000, 10, DAY_MS);
  // Before the faults: under ag_ui a fault may name an AG-UI event type.
  const dialects = parseDialects(readOptional(env, 'REF_DIALECT'));
  const workers = readInt(env, 'REF_WORKERS', 1, 1, 256);
  const adminSecret = readOptional(env, 'REF_ADMIN_SECRET');
  if (adminSecret !== undefined && adminSecret.length < MIN_ADMIN_SECRET_CHARS)
    throw new ReferenceConfigError('REF_ADMIN_SECRET', `needs at least ${MIN_ADMIN_SECRET_CHARS} characters`);
  if (adminSecret !== undefined && workers > 1)
    throw new ReferenceConfigError('REF_ADMIN_SECRET', 'switching faults at run time needs REF_WORKERS=1');
  return {
    host: readString(env, 'REF_HOST', '127.0.0.1'),
    authPort: readPort(env, 'REF_AUTH_PORT'),
    backendPort: readPort(env, 'REF_BACKEND_PORT'),
    signingKey: parseSigningKey(readOptional(env, 'REF_SIGNING_KEY')),
    issuer: readString(env, 'REF_ISSUER', 'golden-path-reference-auth'),
    audience: readString(env, 'REF_AUDIENCE', 'golden-path-chat'),
    tokenTtlS: readInt(env, 'REF_TOKEN_TTL_S', 3600, 1, 365 * 86_400),
    users: parseUsers(readString(env, 'REF_USERS', DEFAULT_USERS)),
    faults: parseFaults(readOptional(env, 'REF_FAULTS'), { agUi: dialects.has('ag_ui') }),
    dialects,
    testMode: readBool(env, 'REF_TEST_MODE', false),
    bypassHeader: readString(env, 'REF_BYPASS_HEADER', 'x-e2e-bypass').toLowerCase(),
    version: readString(env, 'REF_VERSION', '0.1.0'),
    commit: readString(env, 'REF_COMMIT', 'dev'),
    maxPayloadBytes: readInt(env, 'REF_MAX_PAYLOAD_BYTES', 65_536, 64, 100 * 1024 * 1024),
    allowedOrigins: readList(env, 'REF_ALLOWED_ORIGINS', ['http://localhost:3000', 'https://app.example.com']),
    queryToken: readBool(env, 'REF_QUERY_TOKEN', false),
    pingIntervalMs,
    idleLimitMs: readInt(env, 'REF_IDLE_LIMIT_MS', 2 * pingIntervalMs, 10, DAY_MS),
    keepaliveMs: readInt(env, 'REF_KEEPALIVE_MS', 5_000, 10, DAY_MS),
    stepMs: readInt(env, 'REF_STEP_MS', 5, 0, 60_000),
    longRunMs: readInt(env, 'REF_LONG_RUN_MS', 3_000, 0, DAY_MS),
    rateBurst: readInt(env, 'REF_RATE_BURST', 2_000, 1),
    ratePerS: readInt(env, 'REF_RATE_PER_S', 500, 1),
    maxConnPerUser: readInt(env, 'REF_MAX_CONN_PER_USER', 0, 0),
    workers,
    adminSecret,
    adminPort: readPort(env, 'REF_ADMIN_PORT'),
  };
}
