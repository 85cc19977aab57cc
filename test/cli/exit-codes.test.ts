import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VARIABLES } from '../../framework/config/variables.ts';
import { VITEST_FLAGS } from '../../framework/cli/vitest-flags.ts';
import { runCli } from './support/run-cli.ts';

const fixtures = join(import.meta.dirname, '../report/fixtures');
const dirs: string[] = [];
const reportDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'gp-cli-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('golden-path exit codes: 0 pass, 1 checks failed, 2 configuration or target unreachable', () => {
  it('--help documents every command and every env variable, and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const command of ['run', 'doctor', 'merge', 'compare', 'reference', 'help'])
      expect(r.stdout).toContain(`golden-path ${command}`);
    const missing = VARIABLES.filter((v) => !r.stdout.includes(v.name) || !r.stdout.includes(v.doc)).map((v) => v.name);
    expect(missing, 'variables missing from --help').toEqual([]);
    expect(r.stdout).toMatch(/2 +configuration or usage error, or the target could not be reached/);
    expect(r.stdout).toMatch(/130 +run: stopped by SIGINT/);
    expect(r.stdout).toMatch(/143 +run: stopped by SIGTERM/);
    const passed = VITEST_FLAGS.filter((f) => !r.stdout.includes(f.name)).map((f) => f.name);
    expect(passed, 'vitest options passed through but missing from --help').toEqual([]);
  });

  it('an unknown command or option exits 2 with a usage line', async () => {
    const r = await runCli(['deploy']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^golden-path: usage: unknown command "deploy"/);
    expect((await runCli(['run', '--shard', '9/4'])).code).toBe(2);
  });

  // A target that would fail its preflight: --list and --version must not get that far.
  const unreachable = {
    E2E_TARGET: 'remote',
    E2E_BACKEND_URL: 'http://127.0.0.1:9',
    E2E_WS_URL: 'ws://127.0.0.1:9/ws',
    E2E_AUTH_URL: 'http://127.0.0.1:9',
  };
  const TWO_TOOLS = /golden path: log in.* > a message that needs two tools gets two paired tool calls/;
  it.each(
    [
      {
        name: '--version',
        argv: ['--version'],
        code: 0,
        stdout: /^golden-path \d+\.\d+\.\d+ \(vitest 4\.\d+\.\d+, node v\d+/,
      },
      {
        name: 'run --version',
        argv: ['run', '--suite', 'golden-path', '--version'],
        code: 0,
        stdout: /^golden-path \d+\.\d+\.\d+ \(vitest/,
      },
      {
        name: 'run --list: every suite, no target',
        argv: ['run', '--list'],
        env: unreachable,
        code: 0,
        stdout: /suites\/heartbeat\.e2e\.ts > heartbeat: .*\n[^]*suites\/streaming\.e2e\.ts > streaming: /,
      },
      {
        name: 'run --list --grep: only the tests that match',
        argv: ['run', '--list', '--grep', 'two tools'],
        env: unreachable,
        code: 0,
        stdout: new RegExp(`^\\[e2e\\] suites/golden-path\\.e2e\\.ts > ${TWO_TOOLS.source}\\n$`),
      },
      {
        name: 'run --grep: one test runs, the others are skipped',
        runs: true,
        argv: ['run', '--suite', 'golden-path', '--grep', 'two tools'],
        code: 0,
        stdout: /✓ golden-path +1 passed, 3 skipped/,
      },
      {
        name: 'run -t: the same',
        runs: true,
        argv: ['run', 'golden-path', '-t', '^golden path: .* two tools'],
        code: 0,
        stdout: /✓ golden-path +1 passed, 3 skipped/,
      },
      {
        name: 'run --bail: the first failure stops the run',
        runs: true,
        argv: ['run', '--suite', 'golden-path', '--bail'],
        env: { REF_FAULTS: 'drop_event:tool_completed' },
        code: 1,
        stdout: /✗ golden-path +1 failed, 3 skipped/,
      },
      {
        name: 'run --grep x --frobnicate: an unknown option',
        argv: ['run', '--grep', 'x', '--frobnicate'],
        code: 2,
        stderr: /^golden-path: usage: unknown option --frobnicate for run \(.*see golden-path run --help\)\n$/,
      },
      {
        name: "run --watch: vitest's, but not passed through",
        argv: ['run', '--watch'],
        code: 2,
        stderr: /^golden-path: usage: unknown option --watch for run/,
      },
      {
        name: 'run --grep (: not a regular expression',
        argv: ['run', '--grep', '('],
        code: 2,
        stderr: /^golden-path: usage: --grep: "\(" is not a regular expression/,
      },
      {
        name: 'run heartbeet: a file filter that picks nothing',
        argv: ['run', 'heartbeet'],
        code: 2,
        stderr: /^golden-path: usage: no suite file matches "heartbeet"/,
      },
    ].map((row) => [`${row.name} → exit ${row.code}`, row] as const),
  )(
    '%s',
    async (_, { runs, argv, env, code, stdout, stderr }) => {
      const r = await runCli(runs ? [...argv, '--report', reportDir()] : argv, env);
      expect(r.code, r.stdout + r.stderr).toBe(code);
      if (stdout) expect(r.stdout).toMatch(stdout);
      if (stderr) expect(r.stderr).toMatch(stderr);
      expect(r.stderr, 'a stack trace').not.toMatch(/^\s+at /m);
      if (argv.includes('--list'))
        expect(r.stdout + r.stderr, 'a run, or a target').not.toMatch(/Test Files|^golden-path: /m);
    },
    120_000,
  );

  it('a bad configuration value exits 2 naming the variable, before any suite runs', async () => {
    const r = await runCli(['run', '--suite', 'golden-path'], { E2E_HANDSHAKE_TIMEOUT_MS: 'soon' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/golden-path: configuration error: E2E_HANDSHAKE_TIMEOUT_MS: /);
    expect(r.stdout).not.toMatch(/RUN|Test Files/);
  });

  it('a target that cannot be reached exits 2', async () => {
    const r = await runCli(
      ['run', '--suite', 'golden-path', '--report', reportDir()],
      {
        E2E_TARGET: 'remote',
        E2E_BACKEND_URL: 'http://127.0.0.1:9',
        E2E_WS_URL: 'ws://127.0.0.1:9/ws',
        E2E_AUTH_URL: 'http://127.0.0.1:9',
      },
      120_000,
    );
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(/127\.0\.0\.1:9/);
  });

  it('passing suites exit 0 and a suite that catches a fault exits 1', async () => {
    const pass = await runCli(['run', '--suite', 'golden-path', '--report', reportDir()]);
    expect(pass.code, pass.stdout + pass.stderr).toBe(0);
    expect(pass.stdout).toMatch(/✓ golden-path +4 passed/);
    const fail = await runCli(['run', '--suite', 'golden-path', '--report', reportDir()], {
      REF_FAULTS: 'drop_event:tool_completed',
    });
    expect(fail.code, fail.stdout + fail.stderr).toBe(1);
    expect(fail.stdout).toMatch(/✗ golden-path +4 failed/);
    expect(fail.stdout).toMatch(
      /✗ a message that needs two tools gets two paired tool calls — golden path broken .*\[missing_event\] tool_completed never arrived/,
    );
  }, 120_000);

  it('compare exits 1 when the second summary is worse, 0 when it is not, 2 when a file is not a summary', async () => {
    const worse = await runCli(['compare', join(fixtures, 'baseline.json'), join(fixtures, 'slower-handshake.json')]);
    expect(worse.code).toBe(1);
    expect(worse.stdout).toMatch(/^REGRESSION: 1 metric\(s\) worse/);
    for (const name of ['lower-success', 'new-failure'])
      expect(
        (await runCli(['compare', join(fixtures, 'baseline.json'), join(fixtures, `${name}.json`)])).code,
        name,
      ).toBe(1);
    const same = await runCli(['compare', join(fixtures, 'baseline.json'), join(fixtures, 'noise.json')]);
    expect(same.code, same.stdout).toBe(0);
    expect(same.stdout).toMatch(/^no regression/);
    const bad = await runCli(['compare', join(fixtures, 'baseline.json'), join(fixtures, 'README.md')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/E2E_REPORT_INVALID: .*README\.md: not JSON/);
    expect((await runCli(['compare', join(fixtures, 'baseline.json'), join(fixtures, 'absent.json')])).code).toBe(2);
  });

  it('npm run compare is the same command', async () => {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(
      'npm',
      ['run', '--silent', 'compare', '--', join(fixtures, 'baseline.json'), join(fixtures, 'slower-handshake.json')],
      { cwd: join(import.meta.dirname, '../..'), encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/REGRESSION/);
  });
});
