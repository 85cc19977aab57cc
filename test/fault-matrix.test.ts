import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunnerTestFile, RunnerTestSuite } from 'vitest';
import { FAULT_CASES } from './fault-matrix/cases.ts';
import { healthyCases, type HealthyCase } from './fault-matrix/healthy.cases.ts';
import {
  cleanRow,
  faultRow,
  LANE_ROWS,
  laneEnv,
  planLanes,
  runsOfTheirOwn,
  type PlannedRow,
} from './fault-matrix/plan-lanes.ts';
import { ALL_SUITES, ROOT, runLane, runSuite, type SuiteResult } from './fault-matrix/run-suite.ts';

/**
 * The fault matrix: each suite against the reference backend with the fault it targets switched
 * on must fail and name the defect; with no fault, every suite passes. A suite that no fault can
 * make fail is not testing anything. Two more dimensions: healthy stacks that are not ours (the
 * reference's dialects, a pass-through proxy) must get no false verdict, and a proxy's faults must
 * be caught with the one diagnosis that names them. Every reference fault has a row
 * (fault-matrix/fault-coverage.test.ts).
 */
const CLEAN = 'passes against the reference backend with no fault';
const SUITES = [...new Set(FAULT_CASES.map((c) => c.suite))];
/** Its rows measure load: they run one at a time, with nothing else of the matrix beside them. */
const LOAD_SUITE = 'concurrent-load';
/**
 * Lanes (and whole runs) at a time. Most of a lane's time is spent waiting on its stack's timers;
 * more than three side by side would have the rows' own timing judged on a starved machine.
 */
const SIDE_BY_SIDE = 3;
/** A row waits for its lane, which may queue behind others: the lanes themselves are bounded in time. */
const ROW_WAIT_MS = 900_000;

interface Row {
  fault: string;
  suite: string;
  caught: boolean;
  detail: string;
  /** How long its run (or its part of a lane) took. */
  ms: number;
  /** For a healthy variant: the checks that said n.a., with why. */
  notApplicable?: string[];
}
const rows: Row[] = [];

/** Every test of the matrix by its name (`<describe> > <test>`), with what it runs. */
const jobs = new Map<string, { row: PlannedRow } | { healthy: HealthyCase }>();
const HEALTHY = 'healthy stacks that are not ours: every suite passes or says n.a.';
for (const suite of SUITES) {
  jobs.set(`suite ${suite} > ${CLEAN}`, { row: cleanRow(suite) });
  for (const c of FAULT_CASES.filter((c) => c.suite === suite))
    jobs.set(`suite ${suite} > catches ${c.name ?? c.fault}`, { row: faultRow(c) });
}
for (const c of healthyCases) jobs.set(`${HEALTHY} > ${c.name}`, { healthy: c });
let results = new Map<string, Promise<SuiteResult>>();

/**
 * The rows of a suite: one clean pass, then each fault aimed at it. Rows that share an environment
 * run in one lane (run-suite.ts, runLane): one stack whose faults are switched between rows.
 */
function suiteRows(suite: string): void {
  test.concurrent(
    CLEAN,
    async () => {
      const result = await resultOf(`suite ${suite} > ${CLEAN}`);
      rows.push({
        fault: '(none)',
        suite,
        caught: false,
        detail: `${result.passed} passed, ${result.failed} failed`,
        ms: result.durationMs,
      });
      expect(result.exitCode, `suite ${suite} failed with no fault:\n${result.failures || result.output}`).toBe(0);
      expect(result.passed).toBeGreaterThan(0);
    },
    ROW_WAIT_MS,
  );

  test.concurrent.each(FAULT_CASES.filter((c) => c.suite === suite).map((c) => [c.name ?? c.fault, c] as const))(
    'catches %s',
    async (name, c) => {
      const result = await resultOf(`suite ${suite} > catches ${name}`);
      // A blocked check points at its cause; the cause itself is printed once, in the run's output.
      const said =
        c.fault === '' || /blocked by/.test(result.failures) ? `${result.failures}\n${result.output}` : result.failures;
      const missing = c.expect.filter((re) => !re.test(said));
      const blamed = (c.forbid ?? []).filter((re) => re.test(said));
      const untested = (c.mustPass ?? []).filter((re) => !result.passedTests.some((t) => re.test(t)));
      const stopped = c.stopsRun === true && result.exitCode === 2;
      const caught =
        result.exitCode !== 0 &&
        (result.failed > 0 || stopped) &&
        missing.length === 0 &&
        blamed.length === 0 &&
        untested.length === 0;
      rows.push({ fault: name, suite: c.suite, caught, detail: firstFinding(said), ms: result.durationMs });
      const counts = `${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped`;
      expect(
        result.exitCode,
        `suite ${c.suite} passed with ${name} on (${counts}):\n${result.output.slice(-4000)}`,
      ).not.toBe(0);
      if (c.stopsRun) expect(result.exitCode, `${name} should stop the run before any test (exit 2)`).toBe(2);
      expect(
        missing,
        `failure text of ${c.suite} under ${name} does not name the defect:\n${said.slice(0, 4000)}`,
      ).toEqual([]);
      expect(blamed, `failure text of ${c.suite} under ${name} blames a cause it did not observe`).toEqual([]);
      expect(untested, `under ${name}, checks the cause does not touch were not run and passed`).toEqual([]);
    },
    ROW_WAIT_MS,
  );
}

describe('fault matrix', () => {
  // Only what the run's filter (-t) left in is scheduled.
  beforeAll(({}, suite) => {
    results = schedule(selected(suite));
  });

  describe.each(SUITES)('suite %s', suiteRows);

  describe(HEALTHY, () => {
    test.concurrent.each(healthyCases.map((c) => [c.name, c] as const))(
      '%s',
      async (name, c) => {
        const result = await resultOf(`${HEALTHY} > ${name}`);
        const missingNa = (c.notApplicable ?? []).filter((re) => !result.notApplicable.some((n) => re.test(n)));
        rows.push({
          fault: name,
          suite: '(all)',
          caught: false,
          detail: `${result.passed} passed, ${result.failed} failed, ${result.skipped} n.a.`,
          ms: result.durationMs,
          notApplicable: result.notApplicable,
        });
        expect(
          result.exitCode,
          `a false verdict on a healthy ${name}:\n${(result.failures || result.output).slice(0, 6000)}`,
        ).toBe(0);
        expect(result.passed).toBeGreaterThan(0);
        expect(
          missingNa,
          `checks that should say n.a. on ${name} (they cannot be exercised there): ${result.notApplicable.join('; ')}`,
        ).toEqual([]);
      },
      ROW_WAIT_MS,
    );
  });
});

function resultOf(name: string): Promise<SuiteResult> {
  const result = results.get(name);
  if (!result) throw new Error(`the matrix scheduled no run for "${name}"`);
  return result;
}

/** The names of the tests this run will run: vitest has applied -t to them before the hooks. */
function selected(suite: Readonly<RunnerTestSuite | RunnerTestFile>): string[] {
  return suite.tasks.flatMap((task) =>
    task.type === 'suite'
      ? selected(task)
      : task.mode === 'run' || task.mode === 'only'
        ? [`${task.suite?.name} > ${task.name}`]
        : [],
  );
}

/**
 * Starts the selected rows, SIDE_BY_SIDE at a time: the healthy runs first (the longest), then the
 * lanes, largest first, and the rows that run on their own. The load suite's rows go last, one at a
 * time, with nothing beside them.
 */
function schedule(names: readonly string[]): Map<string, Promise<SuiteResult>> {
  const limit = pLimit(SIDE_BY_SIDE);
  const out = new Map<string, Promise<SuiteResult>>();
  const keep = (name: string, result: Promise<SuiteResult>) => {
    result.catch(() => undefined); // awaited by its test; a run filtered out must not be unhandled
    out.set(name, result);
  };
  const planned = new Map<PlannedRow, string>();
  for (const name of names) {
    const job = jobs.get(name);
    if (!job) continue;
    if ('healthy' in job) {
      const { env } = job.healthy;
      keep(
        name,
        limit(() => runSuite(ALL_SUITES, { REF_FAULTS: '', ...env }, { timeoutMs: 300_000 })),
      );
    } else planned.set(job.row, name);
  }
  const start = (row: PlannedRow[], run: () => Promise<SuiteResult[]>, gate: typeof limit) => {
    const all = gate(run);
    row.forEach((r, i) =>
      keep(
        planned.get(r)!,
        all.then((rs) => rs[i]!),
      ),
    );
    return all;
  };
  const rowsOf = (load: boolean) => [...planned.keys()].filter((r) => (r.suite === LOAD_SUITE) === load);
  const lanes = planLanes(rowsOf(false), LANE_ROWS).sort((a, b) => b.length - a.length);
  for (const lane of lanes) start(lane, () => runLane(lane, laneEnv(lane)), limit);
  for (const r of runsOfTheirOwn(rowsOf(false))) start([r], async () => [await runAlone(r)], limit);
  // The load rows after everything else has settled, one at a time.
  const alone = pLimit(1);
  const settled = Promise.allSettled([...out.values()]);
  const load = rowsOf(true);
  for (const lane of planLanes(load, LANE_ROWS))
    start(lane, () => settled.then(() => runLane(lane, laneEnv(lane))), alone);
  for (const r of runsOfTheirOwn(load)) start([r], () => settled.then(async () => [await runAlone(r)]), alone);
  return out;
}

function runAlone(row: PlannedRow): Promise<SuiteResult> {
  return runSuite(
    row.suite,
    { REF_FAULTS: row.faults, ...row.env },
    row.testNamePattern ? { testNamePattern: row.testNamePattern } : {},
  );
}

afterAll(() => {
  // Rows finish in any order when two run at a time: the table goes suite by suite.
  rows.sort((a, b) => order(a.suite) - order(b.suite));
  mkdirSync(join(ROOT, 'reports'), { recursive: true });
  writeFileSync(join(ROOT, 'reports/fault-matrix.json'), `${JSON.stringify(rows, null, 2)}\n`);
  const w = Math.max(...rows.map((r) => r.fault.length), 5);
  const verdict = (r: Row) =>
    r.suite === '(all)' ? 'healthy' : r.fault === '(none)' ? 'clean ' : r.caught ? 'caught' : 'MISSED';
  const table = rows.map(
    (r) =>
      `${r.suite.padEnd(16)} ${r.fault.padEnd(w)} ${verdict(r)} ${(r.ms / 1000).toFixed(1).padStart(5)} s  ${r.detail.slice(0, 90)}`,
  );
  console.log(`fault matrix (reports/fault-matrix.json):\n${table.join('\n')}`);
});

function order(suite: string): number {
  return suite === '(all)' ? SUITES.length : SUITES.indexOf(suite);
}

function firstFinding(failures: string): string {
  const lines = failures.split('\n');
  const line =
    lines.find((l) => /⊘ \d+ blocked by|\[[a-z0-9_]+\]/.test(l)) ??
    lines.find((l) => /blocked by/.test(l)) ??
    lines.find((l) => /1011|stalled|closed with|expected|preflight failed/.test(l));
  return (line ?? lines[1] ?? '').replace(/^\s*(\w*Error: |✗ )/, '').trim();
}
