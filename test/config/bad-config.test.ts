import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'gp-bad-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

// Each row: what a user got wrong, and the variable the one line must name. All exit 2 before any suite.
const ROWS: [string, Record<string, string>, RegExp][] = [
  ['a contract module that does not exist', { E2E_CONTRACT: join(dir, 'missing.contract.ts') }, /E2E_CONTRACT: cannot load/],
  ['a contract module that throws', { E2E_CONTRACT: file('throws.contract.ts', "throw new Error('boom');\n") }, /E2E_CONTRACT: cannot load .*boom/],
  ['a contract module missing a field', { E2E_CONTRACT: file('partial.contract.ts', "export const contract = { name: 'x' };\n") }, /E2E_CONTRACT: .* must export `contract` with .*decode/],
  ['no users at all', { E2E_LOAD_USERS: '0' }, /E2E_LOAD_USERS: expected a value from 1 to 10000000/],
  ['no concurrency', { E2E_LOAD_CONCURRENCY: '0' }, /E2E_LOAD_CONCURRENCY: expected a value from 1/],
  ['a billion users', { E2E_LOAD_USERS: '1000000000' }, /E2E_LOAD_USERS: expected a value from 1 to 10000000/],
  ['a run timeout over the timer limit', { E2E_RUN_TIMEOUT_MS: '3000000000' }, /E2E_RUN_TIMEOUT_MS: expected a value from 1 to 2147483647/],
  ['an event timeout of 0', { E2E_EVENT_TIMEOUT_MS: '0' }, /E2E_EVENT_TIMEOUT_MS: expected a value from 1/],
  ['a handshake timeout of 0', { E2E_HANDSHAKE_TIMEOUT_MS: '0' }, /E2E_HANDSHAKE_TIMEOUT_MS: expected a value from 1/],
  ['an env file line without "="', { E2E_ENV_FILE: file('typo.env', 'E2E_TARGET=local\nE2E_RUN_TIMEOUT_MS 3000\n') }, /E2E_RUN_TIMEOUT_MS: line 2 is not NAME=value/],
  ['an allowed Origin that is not a URL', { E2E_ALLOWED_ORIGIN: 'app.example.com' }, /E2E_ALLOWED_ORIGIN: expected an absolute URL/],
];

describe('bad configuration: exit 2 and one line naming the variable, never exit 1, a crash or silence', () => {
  it.each(ROWS)('%s', async (_what, env, line) => {
    const r = await runCli(['run', '--suite', 'golden-path', '--report', dir], env, 120_000);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(line);
    expect(r.stdout).not.toMatch(/Test Files/);
  }, 130_000);

  it('an empty value means unset (CI templates write empty strings): the run is not stopped by it', async () => {
    const r = await runCli(['run', '--suite', 'preflight', '--report', dir], { E2E_EXPECT_VERSION: '', E2E_ALLOWED_ORIGIN: '' }, 120_000);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  }, 130_000);
});
