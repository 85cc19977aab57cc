import type { FaultCase } from './fault-case.ts';
import type { LaneRow } from './run-suite.ts';

/**
 * Rows to a lane: a lane starts once (about 4 s of CPU), then each row costs its own tests and a
 * fresh vitest worker (about 1 s): fewer, longer lanes start less often.
 */
export const LANE_ROWS = 16;

/** A row of the matrix as the scheduler sees it: what to run, in which environment. */
export interface PlannedRow extends LaneRow {
  /** Every variable the row sets: the harness's (E2E_*) and the stack's (REF_*, its `reference` too). */
  env: Record<string, string>;
  /** Runs as a run of its own (`runSuite`): a fault that stops the run must stop a real one. */
  alone: boolean;
}

/** The clean pass of a suite: no fault, the whole suite. */
export function cleanRow(suite: string): PlannedRow {
  return { suite, faults: '', env: {}, reference: {}, alone: false };
}

export function faultRow(c: FaultCase): PlannedRow {
  const env = c.env ?? {};
  return {
    suite: c.suite,
    faults: c.fault,
    testNamePattern: c.testNamePattern,
    env,
    reference: stackSettings(env),
    alone: c.stopsRun === true,
  };
}

/** The REF_* variables of an environment: what a lane switches on its running stack (lane.ts). */
function stackSettings(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([key]) => key.startsWith('REF_')));
}

/**
 * The variables a lane's process is started with: its rows' harness settings, and the stack
 * settings every row of it has (a lane of AG-UI rows starts an AG-UI stack). The rest of each
 * row's stack settings are switched for that row.
 */
export function laneEnv(lane: readonly PlannedRow[]): Record<string, string> {
  const [first, ...others] = lane;
  if (!first) return {};
  const shared = Object.entries(first.env).filter(
    ([key, value]) => !key.startsWith('REF_') || others.every((row) => row.env[key] === value),
  );
  return Object.fromEntries(shared);
}

/** Whether a row's stack settings are not all those of the environment it would run in. */
export function needsSwitch(row: LaneRow, env: Record<string, string | undefined>): boolean {
  return switched(row, env).length > 0;
}

/** The stack settings of a row that the environment it would run in does not have. */
function switched(row: LaneRow, env: Record<string, string | undefined>): [string, string][] {
  return Object.entries(row.reference ?? {}).filter(([key, value]) => env[key] !== value);
}

function harnessEnv(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('REF_')));
}

/**
 * Groups rows into lanes: rows whose harness settings (E2E_* variables: the config, contract,
 * transport) are the same share a lane, at most `maxRows` to a lane so that lanes can run side by
 * side. The stack's settings (REF_*: dialect, proxy, intervals) are switched between rows, on a
 * running stack; a lane's rows come in the order that switches them least, the rows with none
 * first: a lane's first row runs on the stack as the lane starts it (lane.ts cannot switch before
 * its first run). A row that shares its harness settings with no other is left out, like the rows
 * that must run alone: a run of its own costs less than a lane of one.
 */
export function planLanes(rows: readonly PlannedRow[], maxRows: number): PlannedRow[][] {
  const lanes: PlannedRow[][] = [];
  for (const group of groupByHarness(rows.filter((r) => !r.alone))) {
    if (group.length === 1) continue;
    const count = Math.ceil(group.length / maxRows);
    // Even lanes: 13 rows at 10 a lane are 7 + 6, not 10 + 3.
    for (let i = 0; i < count; i += 1) lanes.push(leastSwitches(group.filter((_, j) => j % count === i)));
  }
  return lanes;
}

/** The rows no lane takes: they run as runs of their own (runSuite). */
export function runsOfTheirOwn(rows: readonly PlannedRow[]): PlannedRow[] {
  const singles = groupByHarness(rows.filter((r) => !r.alone)).filter((group) => group.length === 1);
  return [...rows.filter((r) => r.alone), ...singles.flat()];
}

function groupByHarness(rows: readonly PlannedRow[]): PlannedRow[][] {
  const byEnv = new Map<string, PlannedRow[]>();
  for (const row of rows) {
    const key = canonical(harnessEnv(row.env));
    byEnv.set(key, [...(byEnv.get(key) ?? []), row]);
  }
  return [...byEnv.values()];
}

/** The rows with no stack settings but the lane's first, then the rows of each set of settings together. */
function leastSwitches(lane: PlannedRow[]): PlannedRow[] {
  const env = laneEnv(lane);
  const extra = (row: PlannedRow) => canonical(Object.fromEntries(switched(row, env)));
  return lane.sort((a, b) => {
    const [x, y] = [extra(a), extra(b)];
    return x === y ? 0 : x === '[]' ? -1 : y === '[]' ? 1 : x.localeCompare(y);
  });
}

function canonical(env: Record<string, string>): string {
  return JSON.stringify(Object.entries(env).sort(([a], [b]) => a.localeCompare(b)));
}
