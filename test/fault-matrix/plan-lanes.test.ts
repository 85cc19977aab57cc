import { describe, expect, it } from 'vitest';
import { cleanRow, faultRow, planLanes, runsOfTheirOwn, type PlannedRow } from './plan-lanes.ts';

const row = (faults: string, env: Record<string, string> = {}, stopsRun = false): PlannedRow =>
  faultRow({ fault: faults, suite: 'golden-path', expect: [], env, stopsRun });

describe('fault matrix: lanes', () => {
  it('rows of one environment share lanes of at most maxRows, split evenly; every row runs once', () => {
    const plain = Array.from({ length: 13 }, (_, i) => row(`drop_event:e${i}`));
    const dialect = [
      row('a', { REF_DIALECT: 'x', E2E_CONTRACT: 'c' }),
      row('b', { E2E_CONTRACT: 'c', REF_DIALECT: 'x' }),
    ];
    const single = row('c', { REF_PROXY: 'pass' });
    const stops = row('report_version:0', {}, true);
    const rows = [cleanRow('golden-path'), ...plain, ...dialect, single, stops];
    const lanes = planLanes(rows, 10);
    expect(lanes.map((l) => l.length)).toEqual([7, 7, 2]);
    // The same variables in another order are the same environment.
    expect(lanes[2]).toEqual(dialect);
    const own = runsOfTheirOwn(rows);
    expect(own).toEqual([stops, single]);
    expect([...lanes.flat(), ...own].sort((a, b) => a.faults.localeCompare(b.faults))).toEqual(
      [...rows].sort((a, b) => a.faults.localeCompare(b.faults)),
    );
  });
});
