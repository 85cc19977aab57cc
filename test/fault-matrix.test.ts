import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FAULT_CASES } from './fault-matrix/cases.ts';
import { healthyCases } from './fault-matrix/healthy.cases.ts';
import { ALL_SUITES, ROOT, runSuite } from './fault-matrix/run-suite.ts';

/**
 * The fault matrix: each suite against the reference backend with the fault it targets switched
 * on must fail and name the defect; with no fault, every suite passes. A suite that no fault can
 * make fail is not testing anything. Two more dimensions: healthy stacks that are not ours (the
 * reference's dialects, a pass-through proxy) must get no false verdict, and a proxy's faults must
 * be caught with the one diagnosis that names them. Every reference fault has a row
 * (fault-matrix/fault-coverage.test.ts).
 */
const SUITES = [...new Set(FAULT_CASES.map((c) => c.suite))];
/** Its rows measure load: they run one at a time, with nothing else of the matrix beside them. */
const LOAD_SUITE = 'concurrent-load';

interface Row {
  fault: string;
  suite: string;
  caught: boolean;
  detail: string;
  /** For a healthy variant: the checks that said n.a., with why. */
  notApplicable?: string[];
}
const rows: Row[] = [];

/** A suite's rows: one clean pass, then each fault aimed at it. Each row is its own vitest run and stack. */
function suiteRows(suite: string): void {
  test('passes against the reference backend with no fault', async () => {
    const result = await runSuite(suite, { REF_FAULTS: '' });
    rows.push({ fault: '(none)', suite, caught: false, detail: `${result.passed} passed, ${result.failed} failed` });
    expect(result.exitCode, `suite ${suite} failed with no fault:\n${result.failures || result.output}`).toBe(0);
    expect(result.passed).toBeGreaterThan(0);
  }, 120_000);

  test.each(FAULT_CASES.filter((c) => c.suite === suite).map((c) => [c.name ?? c.fault, c] as const))(
    'catches %s',
    async (name, c) => {
      const result = await runSuite(
        c.suite,
        { REF_FAULTS: c.fault, ...c.env },
        c.testNamePattern ? { testNamePattern: c.testNamePattern } : {},
      );
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
      rows.push({ fault: name, suite: c.suite, caught, detail: firstFinding(said) });
      expect(result.exitCode, `suite ${c.suite} passed with ${name} on`).not.toBe(0);
      if (c.stopsRun) expect(result.exitCode, `${name} should stop the run before any test (exit 2)`).toBe(2);
      expect(
        missing,
        `failure text of ${c.suite} under ${name} does not name the defect:\n${said.slice(0, 4000)}`,
      ).toEqual([]);
      expect(blamed, `failure text of ${c.suite} under ${name} blames a cause it did not observe`).toEqual([]);
      expect(untested, `under ${name}, checks the cause does not touch were not run and passed`).toEqual([]);
    },
    120_000,
  );
}

describe('fault matrix', () => {
  // Rows run two at a time (the unit project's maxConcurrency): each is a process mostly starting up
  // and waiting on its stack's timers. The load rows and the whole-stack rows below run alone.
  describe.concurrent.each(SUITES.filter((s) => s !== LOAD_SUITE))('suite %s', suiteRows);
  describe.each([LOAD_SUITE])('suite %s', suiteRows);

  describe('healthy stacks that are not ours: every suite passes or says n.a.', () => {
    test.each(healthyCases.map((c) => [c.name, c] as const))(
      '%s',
      async (name, c) => {
        const result = await runSuite(ALL_SUITES, { REF_FAULTS: '', ...c.env }, { timeoutMs: 300_000 });
        const missingNa = (c.notApplicable ?? []).filter((re) => !result.notApplicable.some((n) => re.test(n)));
        rows.push({
          fault: name,
          suite: '(all)',
          caught: false,
          detail: `${result.passed} passed, ${result.failed} failed, ${result.skipped} n.a.`,
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
      320_000,
    );
  });
});

afterAll(() => {
  // Rows finish in any order when two run at a time: the table goes suite by suite.
  rows.sort((a, b) => order(a.suite) - order(b.suite));
  mkdirSync(join(ROOT, 'reports'), { recursive: true });
  writeFileSync(join(ROOT, 'reports/fault-matrix.json'), `${JSON.stringify(rows, null, 2)}\n`);
  const w = Math.max(...rows.map((r) => r.fault.length), 5);
  const verdict = (r: Row) =>
    r.suite === '(all)' ? 'healthy' : r.fault === '(none)' ? 'clean ' : r.caught ? 'caught' : 'MISSED';
  const table = rows.map((r) => `${r.suite.padEnd(16)} ${r.fault.padEnd(w)} ${verdict(r)}  ${r.detail.slice(0, 90)}`);
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
