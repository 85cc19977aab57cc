import { E2eError } from '../errors.ts';

export type LoadModel = 'closed' | 'open';

/** What a load run is asked to do, before it is split over shards and processes. */
export interface LoadPlan {
  /** Shown in reports and shard files, e.g. `closed` or `open`. */
  name: string;
  /** closed: `users` golden paths, `concurrency` at a time. open: `rate` arrivals/s for `durationS`. */
  model: LoadModel;
  users: number;
  concurrency: number;
  rate: number;
  durationS: number;
  /** Wall-clock bound: nothing starts after it, and what still runs is cut shortly after. */
  maxS: number;
}

/** One of `count` equal parts (1-based), as in E2E_SHARD=i/n. */
export interface Part {
  index: number;
  count: number;
}

/** Users in the whole plan: `users` (closed) or rate × duration arrivals (open). */
export function plannedUsers(plan: LoadPlan): number {
  return plan.model === 'closed' ? plan.users : Math.round(plan.rate * plan.durationS);
}

/**
 * The global user indices a part runs. Closed plans split into contiguous ranges; open plans take
 * every count-th arrival, so each part keeps the same spacing at rate/count.
 */
export function usersOf(indices: readonly number[], model: LoadModel, part: Part | undefined): number[] {
  if (!part || part.count === 1) return [...indices];
  if (part.index < 1 || part.index > part.count) {
    throw new E2eError('E2E_SHARD_INVALID', `part ${part.index}/${part.count}: expected 1 ≤ i ≤ n`);
  }
  if (model === 'open') return indices.filter((_, j) => j % part.count === part.index - 1);
  const from = Math.floor(((part.index - 1) * indices.length) / part.count);
  const to = Math.floor((part.index * indices.length) / part.count);
  return indices.slice(from, to);
}

/** Concurrency of one part, so that all parts together keep the plan's. */
export function concurrencyOf(plan: LoadPlan, parts: number): number {
  return Math.max(1, Math.ceil(plan.concurrency / parts));
}

/** Intended start of global user `index` in an open plan, in ms after the part's start. */
export function intendedOffsetMs(plan: LoadPlan, index: number): number {
  return plan.model === 'open' ? (index * 1000) / plan.rate : 0;
}

/** Checks a plan before anything is started; throws E2E_CONFIG_INVALID naming what is wrong. */
export function validatePlan(plan: LoadPlan): void {
  const bad = (why: string): never => {
    throw new E2eError('E2E_CONFIG_INVALID', `load plan "${plan.name}": ${why}`);
  };
  if (plan.maxS <= 0) bad('the wall-clock bound (E2E_LOAD_MAX_S) must be above 0');
  if (plan.model === 'closed' && (plan.users < 1 || plan.concurrency < 1))
    bad('users and concurrency must be at least 1');
  if (plan.model === 'open' && (plan.rate <= 0 || plan.durationS <= 0)) bad('rate and duration must be above 0');
  if (plannedUsers(plan) < 1) bad('the plan has no user to run');
}
