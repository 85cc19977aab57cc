import { CLIENT_DEFAULTS } from './client-defaults.ts';

/** How long to wait between reconnect attempts, and how many to make. */
export interface BackoffPolicy {
  /** The first delay is drawn at random from [0, initialMs); later ones grow from initialMs. */
  initialMs: number;
  /** No delay is ever longer than this (the truncation). */
  maxMs: number;
  /** Growth per attempt after the first (default CLIENT_DEFAULTS: binary exponential). */
  factor?: number;
  /** Attempts allowed between two resets (default CLIENT_DEFAULTS); then `next()` has no delay to give. */
  maxAttempts?: number;
}

/**
 * Reconnect delays as RFC 6455 §7.2.3 asks: the first attempt waits a random time, so that
 * clients cut off together do not all come back at once; later attempts wait
 * `initialMs · factor^n`, truncated at `maxMs`, until `maxAttempts` are spent. `random` is
 * injectable for tests.
 * @example const b = new Backoff({ initialMs: 100, maxMs: 1000, maxAttempts: 6 }); b.next(); // 0..100, then 200, 400, 800, 1000, 1000, then undefined
 */
export class Backoff {
  readonly policy: Readonly<Required<BackoffPolicy>>;
  readonly #random: () => number;
  #attempt = 0;

  constructor(policy: BackoffPolicy, random: () => number = Math.random) {
    if (!(policy.initialMs >= 0) || !(policy.maxMs >= policy.initialMs)) {
      throw new RangeError(`backoff: need 0 <= initialMs <= maxMs, got ${policy.initialMs} and ${policy.maxMs}`);
    }
    if (policy.maxAttempts !== undefined && !(Number.isInteger(policy.maxAttempts) && policy.maxAttempts >= 1)) {
      throw new RangeError(`backoff: maxAttempts must be an integer >= 1, got ${policy.maxAttempts}`);
    }
    this.policy = {
      factor: CLIENT_DEFAULTS.backoffFactor,
      maxAttempts: CLIENT_DEFAULTS.backoffMaxAttempts,
      ...policy,
    };
    this.#random = random;
  }

  /** Attempts scheduled since the last reset. */
  get attempts(): number {
    return this.#attempt;
  }

  /** The delay before the next attempt, in ms; undefined once `maxAttempts` have been scheduled. */
  next(): number | undefined {
    const n = this.#attempt;
    const { initialMs, maxMs, factor, maxAttempts } = this.policy;
    if (n >= maxAttempts) return undefined;
    this.#attempt += 1;
    if (n === 0) return Math.floor(clamp01(this.#random()) * initialMs);
    return Math.min(maxMs, initialMs * factor ** n);
  }

  /**
   * Starts the schedule again with a random delay. Call it once a connection has held, not when
   * one opens: a server that drops every new connection would otherwise be redialled at full speed.
   */
  reset(): void {
    this.#attempt = 0;
  }
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(Math.max(x, 0), 1 - Number.EPSILON) : 0;
}
