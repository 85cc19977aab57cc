import { describe, expect, it } from 'vitest';
import { FAULT_CASES } from './cases.ts';
import {
  cleanRow,
  faultRow,
  LANE_ROWS,
  laneEnv,
  needsSwitch,
  planLanes,
  runsOfTheirOwn,
  type PlannedRow,
} from './plan-lanes.ts';

const row = (faults: string, env: Record<string, string> = {}, stopsRun = false): PlannedRow =>
  faultRow({ fault: faults, suite: 'golden-path', expect: [], env, stopsRun });

describe('fault matrix: lanes', () => {
  it('rows of one harness environment share lanes of at most maxRows, split evenly; every row runs once', () => {
    const plain = Array.from({ length: 13 }, (_, i) => row(`drop_event:e${i}`));
    const dialect = [
      row('a', { REF_DIALECT: 'x', E2E_CONTRACT: 'c' }),
      row('b', { E2E_CONTRACT: 'c', REF_DIALECT: 'x' }),
    ];
    // Stack settings alone do not need a run of their own: the lane switches them.
    const proxied = row('c', { REF_PROXY: 'pass' });
    const single = row('d', { E2E_TRANSPORT: 'sse' });
    const stops = row('report_version:0', {}, true);
    const rows = [cleanRow('golden-path'), proxied, ...plain, ...dialect, single, stops];
    const lanes = planLanes(rows, 10);
    expect(lanes.map((l) => l.length)).toEqual([8, 7, 2]);
    // The same variables in another order are the same environment.
    expect(lanes[2]).toEqual(dialect);
    expect(lanes[2]!.map((r) => r.reference)).toEqual([{ REF_DIALECT: 'x' }, { REF_DIALECT: 'x' }]);
    // The row with stack settings comes after those without, which run on the stack as it started.
    expect(lanes[1]!.at(-1)).toBe(proxied);
    // A lane starts with the settings all its rows have; the others are switched row by row.
    expect(laneEnv(lanes[1]!)).toEqual({});
    expect(laneEnv(lanes[2]!)).toEqual({ REF_DIALECT: 'x', E2E_CONTRACT: 'c' });
    const own = runsOfTheirOwn(rows);
    expect(own).toEqual([stops, single]);
    expect([...lanes.flat(), ...own].sort((a, b) => a.faults.localeCompare(b.faults))).toEqual(
      [...rows].sort((a, b) => a.faults.localeCompare(b.faults)),
    );
  });

  it("the matrix's lanes: each starts its stack with the settings its first row needs (lane.ts cannot switch before it)", () => {
    const suites = [...new Set(FAULT_CASES.map((c) => c.suite))];
    const lanes = planLanes([...suites.map(cleanRow), ...FAULT_CASES.map(faultRow)], LANE_ROWS);
    expect(lanes.length).toBeGreaterThan(0);
    for (const lane of lanes) expect(needsSwitch(lane[0]!, laneEnv(lane)), lane[0]!.faults).toBe(false);
  });
});
