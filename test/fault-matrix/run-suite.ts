import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface SuiteResult {
  exitCode: number | null;
  /** Failure messages of every failed test, joined. */
  failures: string;
  failedTests: string[];
  passed: number;
  failed: number;
  output: string;
  durationMs: number;
}

/** Runs one e2e suite as a user would (`vitest run --project e2e`), in its own process, with `env` added. */
export async function runSuite(suite: string, env: Record<string, string>, { testNamePattern, timeoutMs = 180_000 }: { testNamePattern?: string; timeoutMs?: number } = {}): Promise<SuiteResult> {
  const dir = mkdtempSync(join(tmpdir(), 'gp-matrix-'));
  const json = join(dir, 'results.json');
  const args = [
    join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'e2e', `suites/${suite}.e2e.ts`,
    '--reporter=default', '--reporter=json', `--outputFile.json=${json}`,
    ...(testNamePattern ? ['-t', testNamePattern] : []),
  ];
  const started = Date.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, E2E_ENV: 'local', E2E_ENV_FILE: '', E2E_REPORT_DIR: dir, FORCE_COLOR: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d));
  child.stderr.on('data', (d: Buffer) => (output += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exitCode = await new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  clearTimeout(timer);

  let failures = '';
  const failedTests: string[] = [];
  let passed = 0;
  let failed = 0;
  try {
    const report = JSON.parse(readFileSync(json, 'utf8')) as {
      numPassedTests: number; numFailedTests: number;
      testResults: { message?: string; assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
    };
    passed = report.numPassedTests;
    failed = report.numFailedTests;
    for (const file of report.testResults) {
      if (file.message) failures += `${file.message}\n`;
      for (const t of file.assertionResults) {
        if (t.status !== 'failed') continue;
        failedTests.push(t.fullName);
        failures += `${t.fullName}\n${t.failureMessages.join('\n')}\n`;
      }
    }
  } catch {
    failures = output; // no JSON: the run died before reporting; judge its output
  }
  rmSync(dir, { recursive: true, force: true });
  return { exitCode, failures, failedTests, passed, failed, output, durationMs: Date.now() - started };
}
