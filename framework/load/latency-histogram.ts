import * as hdr from 'hdr-histogram-js';

/** Percentiles of one figure, in milliseconds. */
export interface Percentiles {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  count: number;
}

// Values are kept in microseconds: sub-millisecond resolution on loopback, 3 significant digits.
const US_PER_MS = 1000;
const HIGHEST_US = 3_600_000_000;

function create(): hdr.Histogram {
  return hdr.build({
    bitBucketSize: 32,
    numberOfSignificantValueDigits: 3,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    autoResize: true,
    useWebAssembly: false,
  });
}

/**
 * One HdrHistogram of latencies. Merging adds counts, so percentiles of merged histograms are
 * those of all samples together (never an average of percentiles).
 * @example const h = new LatencyHistogram(); h.record(12.5); h.percentiles().p95
 */
export class LatencyHistogram {
  readonly #h: hdr.Histogram;

  constructor(histogram: hdr.Histogram = create()) {
    this.#h = histogram;
  }

  /** Rebuilds a histogram from `encode()`'s base64 text. */
  static decode(base64: string): LatencyHistogram {
    const decoded = hdr.decodeFromCompressedBase64(base64, 32, false);
    const h = create();
    h.add(decoded);
    return new LatencyHistogram(h);
  }

  get count(): number {
    return this.#h.totalCount;
  }

  record(ms: number): void {
    if (!Number.isFinite(ms)) return;
    this.#h.recordValue(Math.max(1, Math.round(ms * US_PER_MS)));
  }

  add(other: LatencyHistogram): void {
    this.#h.add(other.#h);
  }

  /** Value at a percentile (0–100), in ms. */
  at(percentile: number): number {
    return this.#h.totalCount === 0 ? 0 : this.#h.getValueAtPercentile(percentile) / US_PER_MS;
  }

  /** Width in ms of the histogram bucket that holds `ms`: two values closer than this may share a bucket. */
  bucketWidthMs(ms: number): number {
    const js = this.#h as unknown as { sizeOfEquivalentValueRange(v: number): number };
    return js.sizeOfEquivalentValueRange(Math.max(1, Math.round(ms * US_PER_MS))) / US_PER_MS;
  }

  percentiles(): Percentiles {
    const n = this.#h.totalCount;
    return {
      p50: this.at(50),
      p90: this.at(90),
      p95: this.at(95),
      p99: this.at(99),
      max: this.at(100),
      mean: n === 0 ? 0 : this.#h.mean / US_PER_MS,
      count: n,
    };
  }

  /** Compressed, base64-encoded HdrHistogram (the standard V2 encoding). */
  encode(): string {
    return hdr.encodeIntoCompressedBase64(this.#h);
  }
}
