import { describe, expect, it } from 'vitest';
import {
  concurrencyOf,
  intendedOffsetMs,
  plannedUsers,
  usersOf,
  validatePlan,
  type LoadPlan,
} from '../../framework/load/load-plan.ts';

const closed: LoadPlan = {
  name: 'closed',
  model: 'closed',
  users: 103,
  concurrency: 10,
  rate: 0,
  durationS: 0,
  maxS: 10,
};
const open: LoadPlan = { name: 'open', model: 'open', users: 0, concurrency: 0, rate: 40, durationS: 2.5, maxS: 10 };
const all = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('load plan', () => {
  it('splits users over n parts so that each user runs exactly once', () => {
    for (const plan of [closed, open]) {
      const users = all(plannedUsers(plan));
      const parts = [1, 2, 3, 4].map((index) => usersOf(users, plan.model, { index, count: 4 }));
      expect(parts.flat().sort((a, b) => a - b)).toEqual(users);
      expect(Math.max(...parts.map((p) => p.length)) - Math.min(...parts.map((p) => p.length))).toBeLessThanOrEqual(1);
    }
  });

  it('gives closed parts contiguous ranges and open parts every n-th arrival (same spacing at rate/n)', () => {
    expect(usersOf(all(10), 'closed', { index: 2, count: 2 })).toEqual([5, 6, 7, 8, 9]);
    expect(usersOf(all(10), 'open', { index: 2, count: 3 })).toEqual([1, 4, 7]);
    expect(intendedOffsetMs(open, 3)).toBe(75);
    expect(plannedUsers(open)).toBe(100);
  });

  it('shares the concurrency between parts and rejects an impossible plan', () => {
    expect(concurrencyOf(closed, 4)).toBe(3);
    expect(() => validatePlan({ ...closed, maxS: 0 })).toThrow(/wall-clock bound/);
    expect(() => usersOf(all(4), 'closed', { index: 5, count: 4 })).toThrow(/1 ≤ i ≤ n/);
  });
});
