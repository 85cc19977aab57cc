import { describe, expect, it } from 'vitest';
import { Backoff } from '../../framework/client/backoff.ts';

describe('Backoff (RFC 6455 §7.2.3)', () => {
  it('draws the first delay at random from [0, initialMs), then grows exponentially and truncates at maxMs', () => {
    const draws = [0.25];
    const b = new Backoff({ initialMs: 100, maxMs: 1000 }, () => draws.shift() ?? 0.99);
    expect([b.next(), b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([25, 200, 400, 800, 1000, 1000]);
    expect(b.attempts).toBe(6);
  });

  it('uses the random source only for the first delay, so clients cut off together spread out', () => {
    const firsts = [0, 0.5, 0.999].map((r) => new Backoff({ initialMs: 1000, maxMs: 5000 }, () => r).next());
    expect(firsts).toEqual([0, 500, 999]);
    let calls = 0;
    const b = new Backoff({ initialMs: 10, maxMs: 100 }, () => (calls++, 0.5));
    for (let i = 0; i < 5; i++) b.next();
    expect(calls).toBe(1);
  });

  it('starts again with a random delay after reset, and honours a custom factor', () => {
    const b = new Backoff({ initialMs: 10, maxMs: 1000, factor: 3 }, () => 0.5);
    expect([b.next(), b.next(), b.next()]).toEqual([5, 30, 90]);
    b.reset();
    expect([b.next(), b.next()]).toEqual([5, 30]);
  });

  it('has no delay to give once maxAttempts are scheduled (10 by default), until reset', () => {
    const b = new Backoff({ initialMs: 10, maxMs: 40, maxAttempts: 3 }, () => 0);
    expect([b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([0, 20, 40, undefined, undefined]);
    expect(b.attempts).toBe(3);
    b.reset();
    expect(b.next()).toBe(0);
    const byDefault = new Backoff({ initialMs: 1, maxMs: 1 });
    expect(Array.from({ length: 11 }, () => byDefault.next()).filter((d) => d !== undefined)).toHaveLength(10);
  });

  it('keeps a misbehaving random source inside [0, initialMs)', () => {
    expect(new Backoff({ initialMs: 100, maxMs: 100 }, () => 1).next()).toBe(99);
    expect(new Backoff({ initialMs: 100, maxMs: 100 }, () => Number.NaN).next()).toBe(0);
    expect(new Backoff({ initialMs: 100, maxMs: 100 }, () => -3).next()).toBe(0);
  });

  it('refuses a policy whose cap is below its first delay', () => {
    expect(() => new Backoff({ initialMs: 500, maxMs: 100 })).toThrow(/0 <= initialMs <= maxMs/);
  });

  it('refuses a cap on attempts that is not a whole number of at least one', () => {
    for (const maxAttempts of [0, 2.5, Number.NaN]) {
      expect(() => new Backoff({ initialMs: 1, maxMs: 1, maxAttempts })).toThrow(/maxAttempts must be an integer >= 1/);
    }
  });
});
