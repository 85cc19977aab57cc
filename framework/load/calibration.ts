import { plannedUsers, type LoadPlan } from './load-plan.ts';
import type { LoadStats } from './load-stats.ts';

/**
 * What one golden path costs on this machine and target when it has the server to itself: the
 * medians of a few users run one after another, just before the load run.
 */
export interface Calibration {
  /** Users run one at a time, and how many of them completed. */
  users: number;
  completed: number;
  /** Median handshake alone, ms from the user's start. */
  handshakeMs: number;
  /** Median golden path alone (connect to completion event), ms. */
  completionMs: number;
  /** The users the load run can have in flight at once. */
  inFlight: number;
}

/** Users run alone before a calibrated load run; the median shrugs off a slow first one. */
const CALIBRATION_USERS = 11;
/** Fewer completed golden paths than this give no figure to calibrate with. */
const MIN_COMPLETED = 3;

/** The plan of the calibration that precedes `plan`: a few users, one at a time, within its wall-clock bound. */
export function calibrationPlan(plan: LoadPlan): LoadPlan {
  return {
    name: `${plan.name} (alone)`,
    model: 'closed',
    users: CALIBRATION_USERS,
    concurrency: 1,
    rate: 1,
    durationS: 1,
    maxS: plan.maxS,
  };
}

/**
 * The calibration a sequential run measured. `inFlight` is what the load can put on the server at
 * once: the closed model's concurrency, or every user of an open run (a server that falls behind
 * may have them all in flight).
 */
export function calibrationOf(alone: LoadStats, plan: LoadPlan): Calibration {
  const completed = alone.count('ok');
  const p = alone.percentiles();
  const inFlight = plan.model === 'closed' ? Math.min(plan.users, plan.concurrency) : plannedUsers(plan);
  return { users: alone.planned, completed, handshakeMs: p.handshake.p50, completionMs: p.completion.p50, inFlight };
}

/** Whether enough users completed alone to calibrate with; if not, the env file's figures stand as they are. */
export function isCalibrated(c: Calibration | undefined): boolean {
  return c !== undefined && c.completed >= MIN_COMPLETED;
}

/**
 * The latency limits of a calibrated run: a healthy server is never slower under load than it
 * would be serving every user in flight one after another, so each latency limit is
 * `inFlight × completionMs` where that is above the env file's figure, which stays the floor.
 */
export function calibratedLimit(threshold: number, c: Calibration): number {
  return Math.max(threshold, c.inFlight * c.completionMs);
}

/** Merges the calibrations of shards: the slowest figures (each shard's verdicts used its own). */
export function mergeCalibrations(list: readonly (Calibration | undefined)[]): Calibration | undefined {
  const found = list.filter((c): c is Calibration => isCalibrated(c));
  if (found.length === 0) return undefined;
  return {
    users: found.reduce((n, c) => n + c.users, 0),
    completed: found.reduce((n, c) => n + c.completed, 0),
    handshakeMs: Math.max(...found.map((c) => c.handshakeMs)),
    completionMs: Math.max(...found.map((c) => c.completionMs)),
    inFlight: found[0]!.inFlight,
  };
}
