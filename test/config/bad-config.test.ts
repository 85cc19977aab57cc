import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../framework/config/load-config.ts';
import { startLocalStack, type LocalStack } from '../../framework/target/local-stack.ts';
import { runCli } from '../cli/support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'gp-bad-config-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

// A reachable target for the remote rows: the preflight passes, so what stops the run is the setting.
let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ root: PROJECT_ROOT, env: {}, logFile: join(dir, 'reference.log') });
});
afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});
const remote = (withAuthUrl = true) => ({
  E2E_TARGET: 'remote',
  ...(withAuthUrl ? { E2E_AUTH_URL: stack.authUrl } : {}),
  E2E_BACKEND_URL: stack.backendUrl,
  E2E_WS_URL: stack.wsUrl,
});

type Env = Record<string, string> | (() => Record<string, string>);

// Each row: what a user got wrong, and the variable the one line must name. All exit 2 before any suite.
const ROWS: [string, Env, RegExp][] = [
  [
    'a contract module that does not exist',
    { E2E_CONTRACT: join(dir, 'missing.contract.ts') },
    /E2E_CONTRACT: cannot load/,
  ],
  [
    'a contract module that throws',
    { E2E_CONTRACT: file('throws.contract.ts', "throw new Error('boom');\n") },
    /E2E_CONTRACT: cannot load .*boom/,
  ],
  [
    'a contract module missing a field',
    { E2E_CONTRACT: file('partial.contract.ts', "export const contract = { name: 'x' };\n") },
    /E2E_CONTRACT: .* must export `contract` with .*decode/,
  ],
  ['no users at all', { E2E_LOAD_USERS: '0' }, /E2E_LOAD_USERS: expected a value from 1 to 10000000/],
  ['no concurrency', { E2E_LOAD_CONCURRENCY: '0' }, /E2E_LOAD_CONCURRENCY: expected a value from 1/],
  ['a billion users', { E2E_LOAD_USERS: '1000000000' }, /E2E_LOAD_USERS: expected a value from 1 to 10000000/],
  [
    'more users than one load process can hold',
    { E2E_LOAD_USERS: '9000000' },
    /E2E_LOAD_USERS: 9000000 users put 9000000 in each load process, which holds at most \d+ .*E2E_LOAD_WORKERS/,
  ],
  [
    'a run timeout over the timer limit',
    { E2E_RUN_TIMEOUT_MS: '3000000000' },
    /E2E_RUN_TIMEOUT_MS: expected a value from 1 to 2147483647/,
  ],
  ['an event timeout of 0', { E2E_EVENT_TIMEOUT_MS: '0' }, /E2E_EVENT_TIMEOUT_MS: expected a value from 1/],
  ['a handshake timeout of 0', { E2E_HANDSHAKE_TIMEOUT_MS: '0' }, /E2E_HANDSHAKE_TIMEOUT_MS: expected a value from 1/],
  // Under a regular file: no directory can be made there, for root too.
  [
    'a report dir that cannot be written',
    { E2E_REPORT_DIR: join(file('a-file', ''), 'reports') },
    /E2E_REPORT_DIR: cannot write reports to .*a-file\/reports: .*a-file is a file, not a directory/,
  ],
  [
    'an env file line without "="',
    { E2E_ENV_FILE: file('typo.env', 'E2E_TARGET=local\nE2E_RUN_TIMEOUT_MS 3000\n') },
    /E2E_RUN_TIMEOUT_MS: line 2 is not NAME=value/,
  ],
  [
    'NODE_EXTRA_CA_CERTS in an env file',
    { E2E_ENV_FILE: file('ca.env', 'E2E_TARGET=local\nNODE_EXTRA_CA_CERTS=/etc/ca.pem\n') },
    /NODE_EXTRA_CA_CERTS: Node reads it as it starts, before the env file: set it in the environment/,
  ],
  [
    'a baseline that is not a summary',
    { E2E_BASELINE: file('not-a-summary.json', '{"ok":true}') },
    /E2E_BASELINE: .*not-a-summary\.json: not a golden-path summary .*expected the summary\.json of an earlier golden-path run/,
  ],
  [
    'an allowed Origin that is not a URL',
    { E2E_ALLOWED_ORIGIN: 'app.example.com' },
    /E2E_ALLOWED_ORIGIN: expected an absolute URL/,
  ],
  [
    'a remote target with no accounts and no signing key',
    () => remote(),
    /configuration error: E2E_USERS: the remote target needs test accounts .* or a key it trusts .*E2E_SIGNING_KEY/,
  ],
  [
    'a remote target with no accounts, the preflight off',
    () => ({ ...remote(), E2E_PREFLIGHT: 'false' }),
    /configuration error: E2E_USERS: /,
  ],
  [
    'a remote target with accounts but no auth service',
    () => ({ ...remote(false), E2E_USERS: 'alice@example.com:secret' }),
    /configuration error: E2E_AUTH_URL: required to log in as the accounts in E2E_USERS/,
  ],
];

describe('bad configuration: exit 2 and one line naming the variable, never exit 1, a crash or silence', () => {
  it.each(ROWS)(
    '%s',
    async (_what, rowEnv, line) => {
      const env = typeof rowEnv === 'function' ? rowEnv() : rowEnv;
      const report = 'E2E_REPORT_DIR' in env ? [] : ['--report', dir];
      const r = await runCli(['run', '--suite', 'golden-path', ...report], env, 120_000);
      expect(r.code, r.stdout + r.stderr).toBe(2);
      const stops = r.stderr.split('\n').filter((l) => l.startsWith('golden-path: '));
      expect(stops, r.stderr).toHaveLength(1);
      expect(stops[0]).toMatch(line);
      expect(r.stdout).not.toMatch(/Test Files/);
    },
    130_000,
  );

  it('an empty value means unset (CI templates write empty strings): the run is not stopped by it', async () => {
    const r = await runCli(
      ['run', '--suite', 'preflight', '--report', dir],
      { E2E_EXPECT_VERSION: '', E2E_ALLOWED_ORIGIN: '' },
      120_000,
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
  }, 130_000);
});
