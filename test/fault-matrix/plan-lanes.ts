import type { FaultCase } from './fault-case.ts';
import type { LaneRow } from './run-suite.ts';

/** A row of the matrix as the scheduler sees it: what to run, in which environment. */
export interface PlannedRow extends LaneRow {
  env: Record<string, string>;
  /** Runs as a run of its own (`runSuite`): a fault that stops the run must stop a real one. */
  alone: boolean;
}

/** The clean pass of a suite: no fault, the whole suite. */
export function cleanRow(suite: string): PlannedRow {
  return { suite, faults: '', env: {}, alone: false };
}

export function faultRow(c: FaultCase): PlannedRow {
  return {
    suite: c.suite,
    faults: c.fault,
    testNamePattern: c.testNamePattern,
    env: c.env ?? {},
    alone: c.stopsRun === true,
  };
}

/**
 * Groups rows into lanes: rows with the same environment (dialect, proxy, contract, E2E_*
 * settings: what needs its own stack or config) share a lane, at most `maxRows` to a lane so that
 * lanes can run side by side. A row that shares its environment with no other is left out, like
 * the rows that must run alone: a run of its own costs less than a lane of one.
 */
export function planLanes(rows: readonly PlannedRow[], maxRows: number): PlannedRow[][] {
  const lanes: PlannedRow[][] = [];
  for (const group of groupByEnv(rows.filter((r) => !r.alone))) {
    if (group.length === 1) continue;
    const count = Math.ceil(group.length / maxRows);
    // Even lanes: 13 rows at 10 a lane are 7 + 6, not 10 + 3.
    for (let i = 0; i < count; i += 1) lanes.push(group.filter((_, j) => j % count === i));
  }
  return lanes;
}

/** The rows no lane takes: they run as runs of their own (runSuite). */
export function runsOfTheirOwn(rows: readonly PlannedRow[]): PlannedRow[] {
  const singles = groupByEnv(rows.filter((r) => !r.alone)).filter((group) => group.length === 1);
  return [...rows.filter((r) => r.alone), ...singles.flat()];
}

function groupByEnv(rows: readonly PlannedRow[]): PlannedRow[][] {
  const byEnv = new Map<string, PlannedRow[]>();
  for (const row of rows) {
    const key = JSON.stringify(Object.entries(row.env).sort(([a], [b]) => a.localeCompare(b)));
    byEnv.set(key, [...(byEnv.get(key) ?? []), row]);
  }
  return [...byEnv.values()];
}
