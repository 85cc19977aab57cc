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
  passedTests: string[];
  passed: number;
  failed: number;
  skipped: number;
  /** `check id: reason` of every check that said n.a. */
  notApplicable: string[];
  output: string;
  durationMs: number;
}

/** Every suite, for a row that runs the whole e2e project. */
export const ALL_SUITES = '*';

/** Runs one e2e suite (or all of them) as a user would (`vitest run --project e2e`), in its own process, with `env` added. */
export async function runSuite(
  suite: string,
  env: Record<string, string>,
  { testNamePattern, timeoutMs = 180_000 }: { testNamePattern?: string; timeoutMs?: number } = {},
): Promise<SuiteResult> {
  const dir = mkdtempSync(join(tmpdir(), 'gp-matrix-'));
  const json = join(dir, 'results.json');
  const args = [
    join(ROOT, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--project',
    'e2e',
    ...(suite === ALL_SUITES ? [] : [`suites/${suite}.e2e.ts`]),
    // Named reporters replace the config's: the golden-path one is named too, for summary.json.
    `--reporter=${join(ROOT, 'framework/report/golden-path-reporter.ts')}`,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${json}`,
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
  const passedTests: string[] = [];
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  try {
    const report = JSON.parse(readFileSync(json, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      testResults: {
        message?: string;
        assertionResults: { fullName: string; status: string; failureMessages: string[] }[];
      }[];
    };
    passed = report.numPassedTests;
    failed = report.numFailedTests;
    skipped = report.numPendingTests;
    for (const file of report.testResults) {
      if (file.message) failures += `${file.message}\n`;
      for (const t of file.assertionResults) {
        if (t.status === 'passed') passedTests.push(t.fullName);
        if (t.status !== 'failed') continue;
        failedTests.push(t.fullName);
        failures += `${t.fullName}\n${t.failureMessages.join('\n')}\n`;
      }
    }
  } catch {
    failures = output; // no JSON: the run died before reporting; judge its output
  }
  // The n.a. reasons, from the run's summary: a healthy variant may skip a check, but never silently.
  let notApplicable: string[] = [];
  try {
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as {
      suites: { tests: { checks: { id: string; verdict: string; note?: string }[] }[] }[];
    };
    notApplicable = summary.suites.flatMap((s) =>
      s.tests.flatMap((t) =>
        t.checks.filter((c) => c.verdict === 'not_applicable').map((c) => `${c.id}: ${c.note ?? '(no reason)'}`),
      ),
    );
  } catch {
    // no summary: the run stopped before the reporter wrote one
  }
  rmSync(dir, { recursive: true, force: true });
  return {
    exitCode,
    failures,
    failedTests,
    passedTests,
    passed,
    failed,
    skipped,
    notApplicable,
    output,
    durationMs: Date.now() - started,
  };
}
