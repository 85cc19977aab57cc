/** How long to wait between reconnect attempts. */
export interface BackoffPolicy {
  /** The first delay is drawn at random from [0, initialMs); later ones grow from initialMs. */
  initialMs: number;
  /** No delay is ever longer than this (the truncation). */
  maxMs: number;
  /** Growth per attempt after the first (default 2: binary exponential). */
  factor?: number;
}

/**
 * Reconnect delays as RFC 6455 §7.2.3 asks: the first attempt waits a random time, so that
 * clients cut off together do not all come back at once; later attempts wait
 * `initialMs · factor^n`, truncated at `maxMs`. `random` is injectable for tests.
 * @example const b = new Backoff({ initialMs: 100, maxMs: 1000 }); b.next(); // 0..100, then 200, 400, 800, 1000, 1000
 */
export class Backoff {
  readonly policy: Readonly<Required<BackoffPolicy>>;
  readonly #random: () => number;
  #attempt = 0;

  constructor(policy: BackoffPolicy, random: () => number = Math.random) {
    if (!(policy.initialMs >= 0) || !(policy.maxMs >= policy.initialMs)) {
      throw new RangeError(`backoff: need 0 <= initialMs <= maxMs, got ${policy.initialMs} and ${policy.maxMs}`);
    }
    this.policy = { factor: 2, ...policy };
    this.#random = random;
  }

  /** Attempts scheduled since the last reset. */
  get attempts(): number {
    return this.#attempt;
  }

  /** The delay before the next attempt, in ms. */
  next(): number {
    const n = this.#attempt;
    this.#attempt += 1;
    const { initialMs, maxMs, factor } = this.policy;
    if (n === 0) return Math.floor(clamp01(this.#random()) * initialMs);
    return Math.min(maxMs, initialMs * factor ** n);
  }

  /** After a successful connection: the next drop starts again with a random delay. */
  reset(): void {
    this.#attempt = 0;
  }
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(Math.max(x, 0), 1 - Number.EPSILON) : 0;
}
