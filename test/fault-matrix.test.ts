import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { FaultCase } from './fault-matrix/fault-case.ts';
import { goldenPathCases } from './fault-matrix/golden-path.cases.ts';
import { lifecycleCases } from './fault-matrix/lifecycle.cases.ts';
import { loadCases } from './fault-matrix/load.cases.ts';
import { protocolCases } from './fault-matrix/protocol.cases.ts';
import { ROOT, runSuite } from './fault-matrix/run-suite.ts';

/**
 * The fault matrix: each suite against the reference backend with the fault it targets switched
 * on must fail and name the defect; with no fault, every suite passes. A suite that no fault can
 * make fail is not testing anything.
 */
const CASES: FaultCase[] = [...goldenPathCases, ...loadCases, ...protocolCases, ...lifecycleCases];
const SUITES = [...new Set(CASES.map((c) => c.suite))];

interface Row {
  fault: string;
  suite: string;
  caught: boolean;
  detail: string;
}
const rows: Row[] = [];

describe('fault matrix', () => {
  describe.each(SUITES)('suite %s', (suite) => {
    test('passes against the reference backend with no fault', async () => {
      const result = await runSuite(suite, { REF_FAULTS: '' });
      rows.push({ fault: '(none)', suite, caught: false, detail: `${result.passed} passed, ${result.failed} failed` });
      expect(result.exitCode, `suite ${suite} failed with no fault:\n${result.failures || result.output}`).toBe(0);
      expect(result.passed).toBeGreaterThan(0);
    });

    test.each(CASES.filter((c) => c.suite === suite).map((c) => [c.fault, c] as const))('catches %s', async (_name, c) => {
      const result = await runSuite(c.suite, { REF_FAULTS: c.fault, ...c.env }, c.testNamePattern ? { testNamePattern: c.testNamePattern } : {});
      const missing = c.expect.filter((re) => !re.test(result.failures));
      const stopped = c.stopsRun === true && result.exitCode === 2;
      const caught = result.exitCode !== 0 && (result.failed > 0 || stopped) && missing.length === 0;
      rows.push({ fault: c.fault, suite: c.suite, caught, detail: firstFinding(result.failures) });
      expect(result.exitCode, `suite ${c.suite} passed with ${c.fault} on`).not.toBe(0);
      if (c.stopsRun) expect(result.exitCode, `${c.fault} should stop the run before any test (exit 2)`).toBe(2);
      expect(missing, `failure text of ${c.suite} under ${c.fault} does not name the defect:\n${result.failures.slice(0, 4000)}`).toEqual([]);
    });
  });
});

afterAll(() => {
  mkdirSync(join(ROOT, 'reports'), { recursive: true });
  writeFileSync(join(ROOT, 'reports/fault-matrix.json'), `${JSON.stringify(rows, null, 2)}\n`);
  const w = Math.max(...rows.map((r) => r.fault.length), 5);
  const table = rows.map((r) => `${r.suite.padEnd(16)} ${r.fault.padEnd(w)} ${r.fault === '(none)' ? 'clean ' : r.caught ? 'caught' : 'MISSED'}  ${r.detail.slice(0, 90)}`);
  console.log(`fault matrix (reports/fault-matrix.json):\n${table.join('\n')}`);
});

function firstFinding(failures: string): string {
  const lines = failures.split('\n');
  const line = lines.find((l) => /\[[a-z0-9_]+\]/.test(l)) ?? lines.find((l) => /1011|stalled|closed with|expected/.test(l));
  return (line ?? lines[1] ?? '').replace(/^\s*(\w*Error: |✗ )/, '').trim();
}
