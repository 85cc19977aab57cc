import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TokenFactory } from '../../framework/auth/token-factory.ts';
import { knownSuites } from '../../framework/cli/run-command.ts';
import type { Summary } from '../../framework/report/summary.ts';
import { ROOT, runCli } from '../cli/support/run-cli.ts';
import { filesUnder, findLeaks, TOKEN_SHAPES } from './find-secrets.ts';

// Secrets this test knows: the accounts' passwords and the signing key, handed to the local target
// through E2E_USERS and E2E_SIGNING_KEY. Tokens are minted during the run (by the harness and by the
// auth service), so they are found by their shapes instead.
const passwords = ['a', 'b', 'c'].map(
  (n) => [`redact-${n}@example.com`, `pw-${randomBytes(15).toString('base64url')}`] as const,
);
const { privateJwk } = await TokenFactory.generateKey(`redaction-${randomBytes(4).toString('hex')}`);
const signingKey = JSON.stringify(privateJwk);
const secrets: Record<string, string> = {
  ...Object.fromEntries(passwords.map(([email, pw]) => [`password of ${email}`, pw])),
  'signing key (d)': privateJwk.d!,
  'signing key (JWK)': signingKey,
};
const env = { E2E_USERS: passwords.map(([e, p]) => `${e}:${p}`).join(','), E2E_SIGNING_KEY: signingKey };

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Runs every e2e suite through the CLI and returns every leak in its report dir and its output. */
async function runAndSearch(extra: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'gp-redaction-'));
  dirs.push(dir);
  const cli = await runCli(['run', '--report', dir], { ...env, ...extra }, 400_000);
  const files = filesUnder(dir);
  const leaks = [
    ...findLeaks('stdout', cli.stdout, secrets),
    ...findLeaks('stderr', cli.stderr, secrets),
    ...files.flatMap((f) => findLeaks(f.path, f.text, secrets)),
  ];
  expect(existsSync(join(dir, 'summary.json')), `no summary.json:\n${cli.stderr.slice(-3000)}`).toBe(true);
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
  return { cli, files, leaks, summary };
}

function expectEverySuiteRan(summary: Summary): void {
  const ran = summary.suites.filter((s) => s.tests.length > 0).map((s) => s.name);
  expect(ran.sort()).toEqual(knownSuites(ROOT));
}

// The run must really have used the known secrets, or finding none of them proves nothing.
function expectSecretsInUse(files: { path: string; text: string }[]): void {
  const log = files.find((f) => /^reference-.*\.log$/.test(f.path));
  expect(log, 'the reference stack log').toBeDefined();
  expect(log!.text).toContain(`"kid":"${privateJwk.kid}"`);
  // Suites log in as account 0 (the other accounts' tokens are minted with the key).
  const logins = [...log!.text.matchAll(/"msg":"login","user_id":"(\w+)"/g)].map((m) => m[1]);
  expect(logins.length).toBeGreaterThan(0);
  expect(new Set(logins)).toEqual(new Set(['user_redact_a']));
}

describe('redaction by construction: no secret in any report file or output stream', () => {
  it('the shapes searched for are those of real tokens', async () => {
    const tokens = await TokenFactory.create({ signingKey: privateJwk, issuer: 'i', audience: 'a' });
    const jwt = await tokens.valid({ id: 'user_x' });
    const leaked = findLeaks(
      'sample',
      `Authorization: Bearer ${jwt} protocols=[jwt.${Buffer.from(jwt).toString('base64url')}] ws://h/ws?token=${jwt}`,
      {},
    );
    expect(new Set(leaked.map((l) => l.what))).toEqual(new Set(TOKEN_SHAPES.map((s) => s.name)));
  });

  it('every suite against the embedded stack', async () => {
    const { leaks, summary, files, cli } = await runAndSearch({});
    expectEverySuiteRan(summary);
    expectSecretsInUse(files);
    expect(cli.stdout.length).toBeGreaterThan(1000);
    expect(leaks, `leaked in ${[...new Set(leaks.map((l) => l.where))].join(', ')}`).toEqual([]);
  }, 420_000);

  it('every suite while the target misbehaves with tokens (echoes the jwt.* entry, ignores the header, takes expired tokens)', async () => {
    const { leaks, summary, files } = await runAndSearch({
      REF_FAULTS: 'echo_token_subprotocol,ignore_auth_header,accept_expired',
    });
    expectEverySuiteRan(summary);
    expectSecretsInUse(files);
    expect(summary.totals.failed, 'the failure paths (messages, timelines, evidence) were exercised').toBeGreaterThan(
      10,
    );
    expect(leaks, `leaked in ${[...new Set(leaks.map((l) => l.where))].join(', ')}`).toEqual([]);
  }, 420_000);
});
