import type { SeriesPoint } from '../report/records.ts';
import { LatencyHistogram } from './latency-histogram.ts';
import type { UserOutcome, UserStatus } from './user-outcome.ts';

/** Most buckets a series keeps: a longer run gets wider buckets, so a day-long run is still one chart. */
const MAX_BUCKETS = 300;

/** Bucket width for a run bounded at `maxS` seconds: 1 s up to 300 s, wider beyond. */
export function bucketMsFor(maxS: number): number {
  return 1000 * Math.max(1, Math.ceil(maxS / MAX_BUCKETS));
}

/** One bucket of a load run as it crosses processes and files; a histogram is '' when nothing fell in it. */
export interface EncodedBucket {
  arrivals: number;
  completed: number;
  failed: Record<string, number>;
  handshake: string;
  completion: string;
}

export interface EncodedSeries {
  bucketMs: number;
  buckets: EncodedBucket[];
}

interface Bucket {
  arrivals: number;
  completed: number;
  failed: Map<string, number>;
  handshake: LatencyHistogram | undefined;
  completion: LatencyHistogram | undefined;
}

/**
 * A load run over time, the way k6 and Artillery show it: per bucket (1 s by default), the users
 * that arrived, completed and failed (by kind), and the handshake and completion latencies measured
 * in it. Each latency falls in the bucket where it was measured (arrival + latency). Times count
 * from the start of each process's share of the run, so merged workers and shards line up to
 * within their start-up skew. Mergeable like LoadStats.
 */
export class LoadSeries {
  readonly bucketMs: number;
  readonly #buckets: Bucket[] = [];

  constructor(bucketMs: number) {
    if (!(bucketMs >= 1)) throw new RangeError(`LoadSeries: bucketMs must be ≥ 1, got ${bucketMs}`);
    this.bucketMs = bucketMs;
  }

  static decode(encoded: EncodedSeries): LoadSeries {
    const series = new LoadSeries(encoded.bucketMs);
    encoded.buckets.forEach((b, i) =>
      series.#add(i, {
        arrivals: b.arrivals,
        completed: b.completed,
        failed: new Map(Object.entries(b.failed)),
        handshake: b.handshake ? LatencyHistogram.decode(b.handshake) : undefined,
        completion: b.completion ? LatencyHistogram.decode(b.completion) : undefined,
      }),
    );
    return series;
  }

  /** One user's outcome: it arrived `arrivalMs` after the start and its run ended `endMs` after it. */
  record(outcome: UserOutcome, arrivalMs: number, endMs: number): void {
    if (outcome.status !== 'not_started') this.#at(arrivalMs).arrivals += 1;
    const end = this.#at(endMs);
    if (outcome.status === 'ok') end.completed += 1;
    else bump(end.failed, outcome.status);
    const { handshake, completion } = outcome.timings;
    if (handshake !== undefined)
      (this.#at(arrivalMs + handshake).handshake ??= new LatencyHistogram()).record(handshake);
    if (completion !== undefined)
      (this.#at(arrivalMs + completion).completion ??= new LatencyHistogram()).record(completion);
  }

  merge(other: LoadSeries): void {
    if (other.bucketMs !== this.bucketMs)
      throw new RangeError(`LoadSeries: cannot merge buckets of ${other.bucketMs} ms into ${this.bucketMs} ms`);
    other.#buckets.forEach((b, i) => this.#add(i, b));
  }

  encode(): EncodedSeries {
    return {
      bucketMs: this.bucketMs,
      buckets: Array.from({ length: this.#buckets.length }, (_, i) => {
        const b = this.#buckets[i];
        return {
          arrivals: b?.arrivals ?? 0,
          completed: b?.completed ?? 0,
          failed: Object.fromEntries(b?.failed ?? []),
          handshake: b?.handshake?.encode() ?? '',
          completion: b?.completion?.encode() ?? '',
        };
      }),
    };
  }

  points(): SeriesPoint[] {
    return Array.from({ length: this.#buckets.length }, (_, i) => {
      const b = this.#buckets[i];
      const figure = (h: LatencyHistogram | undefined) => ({
        p50: h?.at(50) ?? 0,
        p95: h?.at(95) ?? 0,
        count: h?.count ?? 0,
      });
      return {
        t: (i * this.bucketMs) / 1000,
        arrivals: b?.arrivals ?? 0,
        completed: b?.completed ?? 0,
        failed: Object.fromEntries(b?.failed ?? []),
        handshake: figure(b?.handshake),
        completion: figure(b?.completion),
      };
    });
  }

  // A bucket past the last one a bounded run can reach holds what came later still (a slow worker's tail).
  #at(ms: number): Bucket {
    const i = Math.min(Math.max(0, Math.floor(ms / this.bucketMs)), 2 * MAX_BUCKETS);
    while (this.#buckets.length <= i)
      this.#buckets.push({ arrivals: 0, completed: 0, failed: new Map(), handshake: undefined, completion: undefined });
    return this.#buckets[i]!;
  }

  #add(i: number, b: Bucket): void {
    const into = this.#at(i * this.bucketMs);
    into.arrivals += b.arrivals;
    into.completed += b.completed;
    for (const [status, n] of b.failed) into.failed.set(status, (into.failed.get(status) ?? 0) + n);
    if (b.handshake) (into.handshake ??= new LatencyHistogram()).add(b.handshake);
    if (b.completion) (into.completion ??= new LatencyHistogram()).add(b.completion);
  }
}

function bump(map: Map<string, number>, key: UserStatus): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
