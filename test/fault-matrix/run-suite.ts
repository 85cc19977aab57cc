import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** The environment of a matrix run: local.env, the row's `env` on top, reports in `reportDir`. */
function runEnv(reportDir: string, env: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, E2E_ENV: 'local', E2E_ENV_FILE: '', E2E_REPORT_DIR: reportDir, FORCE_COLOR: '0', ...env };
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
    env: runEnv(dir, env),
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
  const notApplicable = readNotApplicable(dir);
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

/** The n.a. reasons, from a run's summary: a healthy variant may skip a check, but never silently. */
export function readNotApplicable(reportDir: string): string[] {
  try {
    const summary = JSON.parse(readFileSync(join(reportDir, 'summary.json'), 'utf8')) as {
      suites: { tests: { checks: { id: string; verdict: string; note?: string }[] }[] }[];
    };
    return summary.suites.flatMap((s) =>
      s.tests.flatMap((t) =>
        t.checks.filter((c) => c.verdict === 'not_applicable').map((c) => `${c.id}: ${c.note ?? '(no reason)'}`),
      ),
    );
  } catch {
    return []; // no summary: the run stopped before the reporter wrote one
  }
}

/** One row of a lane: a suite (or the tests of it that match) with the faults to switch on for it. */
export interface LaneRow {
  suite: string;
  faults: string;
  testNamePattern?: string | undefined;
  /** REF_* settings of the stack for this row, on top of those of the lane's environment. */
  reference?: Record<string, string> | undefined;
}

/** Time a lane may take: its start, then each row. A lane past it is killed; its missing rows fail. */
const LANE_START_MS = 60_000;
const LANE_ROW_MS = 30_000;

/**
 * Runs rows that share an environment `env` in one e2e run (lane.ts): one stack, one import of the
 * framework, the faults and the rows' other stack settings (REF_*) switched between rows on the
 * running stack. Resolves with one result per row, in order; a row the lane did not get to has
 * exit code null and the lane's output.
 */
export async function runLane(rows: readonly LaneRow[], env: Record<string, string>): Promise<SuiteResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gp-lane-'));
  const rowsFile = join(dir, 'rows.json');
  const resultsFile = join(dir, 'results.jsonl');
  writeFileSync(rowsFile, JSON.stringify(rows));
  const started = Date.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'test/fault-matrix/lane.ts'), rowsFile, resultsFile],
    {
      cwd: ROOT,
      env: {
        ...runEnv(join(dir, 'report'), env),
        REF_FAULTS: rows[0]?.faults ?? '',
        REF_ADMIN_SECRET: randomBytes(16).toString('hex'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output = (output + d).slice(-20_000)));
  child.stderr.on('data', (d: Buffer) => (output = (output + d).slice(-20_000)));
  const timer = setTimeout(() => child.kill('SIGKILL'), LANE_START_MS + LANE_ROW_MS * rows.length);
  const exitCode = await new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  clearTimeout(timer);
  const results = existsSync(resultsFile)
    ? readFileSync(resultsFile, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as SuiteResult)
    : [];
  rmSync(dir, { recursive: true, force: true });
  // The lane died before a row's result: a stop before any test exits 2 (the first row's preflight).
  const lost = `the lane stopped (exit ${exitCode}) before this row: ${output}`;
  return rows.map((_, i) => results[i] ?? noRun(i === results.length ? exitCode : null, lost, output, started));
}

/** The result of a run in which no test ran (yet): `failures` says why. */
export function noRun(exitCode: number | null, failures: string, output: string, started: number): SuiteResult {
  return {
    exitCode,
    failures,
    failedTests: [],
    passedTests: [],
    passed: 0,
    failed: 0,
    skipped: 0,
    notApplicable: [],
    output,
    durationMs: Date.now() - started,
  };
}
