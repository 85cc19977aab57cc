import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './support/run-cli.ts';

// Each case starts and stops its own reference stack; they run one after the other (a busy machine
// runs a dozen stacks in sequence well within these limits).
const CASE_TIMEOUT_MS = 240_000;
const CLI_TIMEOUT_MS = 180_000;

// The reference stack's logs go here rather than into the project's reports/.
const reportDir = mkdtempSync(join(tmpdir(), 'gp-doctor-'));
afterAll(() => rmSync(reportDir, { recursive: true, force: true }));

const doctor = (env: Record<string, string> = {}) =>
  runCli(['doctor'], { E2E_REPORT_DIR: reportDir, ...env }, CLI_TIMEOUT_MS);

/** The finding lines: a mark, the subject, what was found. */
const findings = (r: CliResult) => r.stdout.split('\n').filter((l) => /^ {2}[✓✗–] /.test(l));
const line = (r: CliResult, subject: string) => findings(r).find((l) => l.slice(4).startsWith(`${subject} `));
const show = (r: CliResult) => `exit ${r.code}\n${r.stdout}${r.stderr}`;

describe('golden-path doctor: what it found on the stack, and what to set', () => {
  it(
    'on the reference stack: every finding is ✓ or n.a., "0 mismatches", exit 0',
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const r = await doctor();
      expect(r.code, show(r)).toBe(0);
      expect(
        findings(r).filter((l) => !/^ {2}[✓–] /.test(l)),
        show(r),
      ).toEqual([]);
      for (const subject of [
        'health',
        'upgrade',
        'auth: header',
        'auth: subprotocol',
        'golden path',
        'seq',
        'prompts.simple',
        'prompts.twoTools',
        'prompts.long',
        'resume',
        'Origin',
      ]) {
        expect(line(r, subject), `${subject}\n${show(r)}`).toMatch(/^ {2}✓ /);
      }
      expect(r.stdout).toMatch(
        /events: agent_started #1 → agent_thinking #2 → tool_executing #3 → tool_completed #4 → agent_completed #5/,
      );
      expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^0 mismatches/);
    },
  );

  it(
    'raw_jwt_subprotocol with the default contract: names contract.tokenSubprotocol and the line to set, exit 1, no token printed',
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const r = await doctor({ REF_DIALECT: 'raw_jwt_subprotocol' });
      expect(r.code, show(r)).toBe(1);
      expect(line(r, 'auth: subprotocol'), show(r)).toMatch(
        /✗ .*refused with HTTP 401, while jwt\.<raw JWT> was accepted/,
      );
      expect(r.stdout).toContain(
        'set contract.tokenSubprotocol in your contract module (E2E_CONTRACT): tokenSubprotocol: (token) => `jwt.${token}`',
      );
      expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('1 mismatch');
      expect(r.stdout + r.stderr).not.toMatch(/eyJ[\w-]{8,}/);
    },
  );

  it(
    'raw_jwt_subprotocol with test/contracts/raw-jwt-subprotocol.contract.ts: exit 0',
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const r = await doctor({
        REF_DIALECT: 'raw_jwt_subprotocol',
        E2E_CONTRACT: 'test/contracts/raw-jwt-subprotocol.contract.ts',
      });
      expect(r.code, show(r)).toBe(0);
      expect(line(r, 'auth: subprotocol'), show(r)).toMatch(/^ {2}✓ /);
    },
  );

  it(
    'no_resume: the default contract is told to leave encodeResume out; the no-resume contract gets a n.a. line and exit 0',
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const told = await doctor({ REF_DIALECT: 'no_resume' });
      expect(told.code, show(told)).toBe(1);
      expect(line(told, 'resume'), show(told)).toMatch(/✗ .*answered error unknown_type/);
      expect(told.stdout).toMatch(/the backend has no resume: leave encodeResume out of your contract module/);
      const fitted = await doctor({ REF_DIALECT: 'no_resume', E2E_CONTRACT: 'test/contracts/no-resume.contract.ts' });
      expect(fitted.code, show(fitted)).toBe(0);
      expect(line(fitted, 'resume'), show(fitted)).toMatch(/^ {2}– resume +no resume \(encodeResume unset\)/);
    },
  );

  it(
    'short_runs: the default contract is told about prompts.long; the short-runs contract exits 0',
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const told = await doctor({ REF_DIALECT: 'short_runs' });
      expect(told.code, show(told)).toBe(1);
      expect(line(told, 'prompts.long'), show(told)).toMatch(/✗ .*asked to last \d+ ms lasted \d+ ms/);
      expect(told.stdout).toMatch(/set prompts\.long in your contract module \(E2E_CONTRACT\)/);
      const fitted = await doctor({ REF_DIALECT: 'short_runs', E2E_CONTRACT: 'test/contracts/short-runs.contract.ts' });
      expect(fitted.code, show(fitted)).toBe(0);
      expect(line(fitted, 'prompts.long'), show(fitted)).toMatch(
        /^ {2}– prompts\.long +no long-running prompt \(prompts\.long unset\)/,
      );
    },
  );

  it(
    'no_origin_allowlist: names E2E_ORIGIN_CHECK=off; with it set, exit 0 and Origin was not checked',
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const told = await doctor({ REF_DIALECT: 'no_origin_allowlist' });
      expect(told.code, show(told)).toBe(1);
      expect(line(told, 'Origin'), show(told)).toMatch(/✗ .*https:\/\/evil\.example was accepted/);
      expect(told.stdout).toMatch(/set E2E_ORIGIN_CHECK=off/);
      const off = await doctor({ REF_DIALECT: 'no_origin_allowlist', E2E_ORIGIN_CHECK: 'off' });
      expect(off.code, show(off)).toBe(0);
      expect(line(off, 'Origin'), show(off)).toMatch(/^ {2}– Origin +not checked \(E2E_ORIGIN_CHECK=off\)/);
    },
  );

  it.for(['auth_before_upgrade', 'python_close_codes'])(
    '%s needs nothing set: exit 0',
    { timeout: CASE_TIMEOUT_MS },
    async (dialect) => {
      const r = await doctor({ REF_DIALECT: dialect });
      expect(r.code, show(r)).toBe(0);
      expect(
        findings(r).filter((l) => /^ {2}✗ /.test(l)),
        show(r),
      ).toEqual([]);
    },
  );

  it(
    'a proxy that drops Upgrade stops doctor at the preflight: exit 2 naming the Upgrade header',
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const r = await doctor({ REF_PROXY: 'no_upgrade', REF_DIALECT: 'auth_before_upgrade' });
      expect(r.code, show(r)).toBe(2);
      expect(line(r, 'transports'), show(r)).toMatch(
        /✗ .*without Upgrade: a proxy that does not forward the Upgrade\/Connection headers/,
      );
      expect(r.stdout).toMatch(/the preflight stopped doctor here/);
      expect(r.stdout).not.toMatch(/^golden path$/m);
    },
  );

  it(
    'a bad configuration value exits 2 naming the variable, before any target is started',
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const r = await doctor({ E2E_EVENT_TIMEOUT_MS: 'soon' });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/golden-path: configuration error: E2E_EVENT_TIMEOUT_MS: /);
      expect(r.stdout).toBe('');
    },
  );
});
