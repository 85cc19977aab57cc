// `npm run soak [-- --e2e 20] [--test 2] [--hogs 2] [--json FILE]`: the default `npm run e2e`,
// again and again, on a machine kept busy by CPU-bound processes beside it; then the load faults,
// each of which must still be caught under the same load; then `npm test`. Prints a line per run
// and a summary, and exits 1 if any healthy run failed or any fault went uncaught.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LoadRecord } from '../framework/report/records.ts';
import type { Summary } from '../framework/report/summary.ts';

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(`--${name}`);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`soak: --${name} must be an integer ≥ 0, got ${args[at + 1]}`);
  return value;
};
const plan = { e2e: option('e2e', 20), test: option('test', 2), hogs: option('hogs', 2) };
const jsonAt = args.indexOf('--json');
const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;

/** Each load fault, and the verdict that must name it under the same load. */
const LOAD_FAULTS = [
  { fault: 'slow_handshake:600', verdict: 'alone_handshake' },
  { fault: 'max_connections:20', verdict: 'success_rate' },
  { fault: 'close_1011_rate:0.1', verdict: 'rate_1011' },
  { fault: 'broadcast_events', verdict: 'isolation' },
];
// Bounds on each child: a run that hangs is killed and counted as a failure.
const E2E_LIMIT_MS = 10 * 60_000;
const TEST_LIMIT_MS = 40 * 60_000;

interface Outcome {
  what: string;
  ok: boolean;
  exit: number | null;
  seconds: number;
  line: string;
}

const log = (line: string): void => void process.stdout.write(`${line}\n`);
const dir = mkdtempSync(join(tmpdir(), 'golden-path-soak-'));
const hogs = startHogs(plan.hogs);
const outcomes: Outcome[] = [];
const loads: { closed: number[]; open: number[]; ratio: number[] } = { closed: [], open: [], ratio: [] };

try {
  log(
    `soak: ${plan.e2e}× npm run e2e, ${LOAD_FAULTS.length} load faults, ${plan.test}× npm test, beside ${plan.hogs} CPU-bound process(es)`,
  );
  for (let i = 1; i <= plan.e2e; i += 1) {
    const report = join(dir, `e2e-${i}`);
    const run = await runChild(['bin/golden-path.js', 'run', '--report', report], {}, E2E_LIMIT_MS);
    const summary = readSummary(report);
    const figures = summary ? loadFigures(summary) : '';
    const totals = summary
      ? `${summary.totals.passed} passed, ${summary.totals.failed} failed, ${summary.totals.skipped} n.a.`
      : 'no summary';
    outcomes.push(
      note(
        `e2e ${i}/${plan.e2e}`,
        run.exit === 0,
        run,
        `${totals}${figures}${run.exit === 0 ? '' : `\n${failures(summary)}`}`,
      ),
    );
  }
  for (const { fault, verdict } of LOAD_FAULTS) {
    const report = join(dir, `fault-${fault.replace(/\W+/g, '_')}`);
    const run = await runChild(
      ['bin/golden-path.js', 'run', '--suite', 'concurrent-load', '--report', report],
      { REF_FAULTS: fault },
      E2E_LIMIT_MS,
    );
    const summary = readSummary(report);
    const named =
      summary?.suites.flatMap((s) => s.tests).filter((t) => t.failure?.message.includes(`[${verdict}]`)).length ?? 0;
    outcomes.push(
      note(
        `REF_FAULTS=${fault}`,
        run.exit === 1 && named > 0,
        run,
        `exit ${run.exit}; [${verdict}] named by ${named} test(s)`,
      ),
    );
  }
  for (let i = 1; i <= plan.test; i += 1) {
    const json = join(dir, `test-${i}.json`);
    const run = await runChild(
      [
        'node_modules/vitest/vitest.mjs',
        'run',
        '--project',
        'unit',
        '--reporter=dot',
        '--reporter=json',
        `--outputFile.json=${json}`,
      ],
      {},
      TEST_LIMIT_MS,
    );
    const counts = readTestCounts(json);
    outcomes.push(note(`npm test ${i}/${plan.test}`, run.exit === 0, run, counts));
  }
} finally {
  for (const hog of hogs) hog.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}

const failed = outcomes.filter((o) => !o.ok);
const median = (xs: number[]): string =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(1) : '–';
const range = (xs: number[]): string =>
  xs.length ? `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}` : '–';
log('');
log(
  `soak: ${outcomes.length - failed.length} of ${outcomes.length} as expected beside ${plan.hogs} CPU-bound process(es)`,
);
log(`  closed load, mean handshake: median ${median(loads.closed)} ms, range ${range(loads.closed)} ms`);
log(`  open load, mean handshake: median ${median(loads.open)} ms, range ${range(loads.open)} ms`);
log(
  `  closed load, mean handshake over its calibrated limit: median ${median(loads.ratio)}, range ${range(loads.ratio)} (1 would fail)`,
);
for (const f of failed) log(`  ✗ ${f.what}: ${f.line.split('\n')[0]}`);
if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify({ plan, outcomes, loads }, null, 2)}\n`);
process.exitCode = failed.length === 0 ? 0 : 1;

function note(what: string, ok: boolean, run: { exit: number | null; seconds: number }, line: string): Outcome {
  log(`${ok ? '✓' : '✗'} ${what}: exit ${run.exit} in ${run.seconds.toFixed(1)} s; ${line}`);
  return { what, ok, exit: run.exit, seconds: run.seconds, line };
}

/** `node -e 'for(;;){}'` × n: the busy neighbours the harness must not be fooled by. */
function startHogs(n: number): ChildProcess[] {
  return Array.from({ length: n }, () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
}

/** Runs a Node script of the project in its own process group, with the default env; kills the group after `limitMs`. */
function runChild(
  argv: string[],
  env: Record<string, string>,
  limitMs: number,
): Promise<{ exit: number | null; seconds: number; output: string }> {
  const started = performance.now();
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('E2E_') && !k.startsWith('REF_')),
  );
  const child = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: { ...base, ...env, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output = (output + d).slice(-20_000)));
  child.stderr!.on('data', (d: Buffer) => (output = (output + d).slice(-20_000)));
  const killer = setTimeout(() => killGroup(child), limitMs);
  return new Promise((done) => {
    child.once('exit', (code) => {
      clearTimeout(killer);
      killGroup(child); // what it left behind in its group
      done({ exit: code, seconds: (performance.now() - started) / 1000, output });
    });
  });
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // nothing left
  }
}

function readSummary(report: string): Summary | undefined {
  try {
    return JSON.parse(readFileSync(join(report, 'summary.json'), 'utf8')) as Summary;
  } catch {
    return undefined;
  }
}

/** `; closed mean handshake 221.3 ms ≤ 1930.0 ms, open 35.2 ms ≤ …`, and the figures kept for the summary. */
function loadFigures(summary: Summary): string {
  const records = summary.suites.flatMap((s) => s.tests).flatMap((t) => t.load);
  const parts = records.map((r: LoadRecord) => {
    const mean = r.verdicts.find((v) => v.name === 'mean handshake');
    if (!mean) return '';
    loads[r.model].push(mean.measured);
    if (r.model === 'closed') loads.ratio.push(mean.measured / mean.threshold);
    return `${r.model} mean handshake ${mean.measured.toFixed(1)} ms ≤ ${mean.threshold.toFixed(1)} ms`;
  });
  return parts.length ? `; ${parts.filter(Boolean).join(', ')}` : '';
}

function failures(summary: Summary | undefined): string {
  const failed = summary?.suites.flatMap((s) => s.tests).filter((t) => t.verdict === 'fail') ?? [];
  return failed.map((t) => `    ✗ ${t.fullName}: ${t.failure?.headline ?? ''}`).join('\n');
}

/** Counts, and the name and first line of each failed test: a soak that failed must say what. */
function readTestCounts(file: string): string {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      testResults: {
        name: string;
        assertionResults: { fullName: string; status: string; failureMessages: string[] }[];
      }[];
    };
    const failed = r.testResults.flatMap((f) =>
      f.assertionResults
        .filter((a) => a.status === 'failed')
        .map(
          (a) =>
            `    ✗ ${f.name.replace(`${ROOT}/`, '')} > ${a.fullName}: ${(a.failureMessages[0] ?? '').split('\n')[0]}`,
        ),
    );
    return [`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`, ...failed].join(
      '\n',
    );
  } catch {
    return 'no JSON report';
  }
}
