import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VARIABLES } from '../../framework/config/variables.ts';
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
    for (const command of ['run', 'doctor', 'merge', 'compare', 'reference', 'help']) expect(r.stdout).toContain(`golden-path ${command}`);
    const missing = VARIABLES.filter((v) => !r.stdout.includes(v.name) || !r.stdout.includes(v.doc)).map((v) => v.name);
    expect(missing, 'variables missing from --help').toEqual([]);
    expect(r.stdout).toMatch(/2 +configuration or usage error, or the target could not be reached/);
  });

  it('an unknown command or option exits 2 with a usage line', async () => {
    const r = await runCli(['deploy']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^golden-path: usage: unknown command "deploy"/);
    expect((await runCli(['run', '--shard', '9/4'])).code).toBe(2);
  });

  it('a bad configuration value exits 2 naming the variable, before any suite runs', async () => {
    const r = await runCli(['run', '--suite', 'golden-path'], { E2E_HANDSHAKE_TIMEOUT_MS: 'soon' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/golden-path: configuration error: E2E_HANDSHAKE_TIMEOUT_MS: /);
    expect(r.stdout).not.toMatch(/RUN|Test Files/);
  });

  it('a target that cannot be reached exits 2', async () => {
    const r = await runCli(['run', '--suite', 'golden-path', '--report', reportDir()], {
      E2E_TARGET: 'remote', E2E_BACKEND_URL: 'http://127.0.0.1:9', E2E_WS_URL: 'ws://127.0.0.1:9/ws', E2E_AUTH_URL: 'http://127.0.0.1:9',
    }, 120_000);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(/127\.0\.0\.1:9/);
  });

  it('passing suites exit 0 and a suite that catches a fault exits 1', async () => {
    const pass = await runCli(['run', '--suite', 'golden-path', '--report', reportDir()]);
    expect(pass.code, pass.stdout + pass.stderr).toBe(0);
    expect(pass.stdout).toMatch(/✓ golden-path +4 passed/);
    const fail = await runCli(['run', '--suite', 'golden-path', '--report', reportDir()], { REF_FAULTS: 'drop_event:tool_completed' });
    expect(fail.code, fail.stdout + fail.stderr).toBe(1);
    expect(fail.stdout).toMatch(/✗ golden-path +4 failed/);
    expect(fail.stdout).toMatch(/✗ a message that needs two tools gets two paired tool calls — golden path broken .*\[missing_event\] tool_completed never arrived/);
  }, 120_000);

  it('compare exits 1 when the second summary is worse, 0 when it is not, 2 when a file is not a summary', async () => {
    const worse = await runCli(['compare', join(fixtures, 'baseline.json'), join(fixtures, 'slower-handshake.json')]);
    expect(worse.code).toBe(1);
    expect(worse.stdout).toMatch(/^REGRESSION: 1 metric\(s\) worse/);
    for (const name of ['lower-success', 'new-failure']) expect((await runCli(['compare', join(fixtures, 'baseline.json'), join(fixtures, `${name}.json`)])).code, name).toBe(1);
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
    const r = spawnSync('npm', ['run', '--silent', 'compare', '--', join(fixtures, 'baseline.json'), join(fixtures, 'slower-handshake.json')], { cwd: join(import.meta.dirname, '../..'), encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/REGRESSION/);
  });
});
