import { LatencyHistogram, type Percentiles } from './latency-histogram.ts';
import { LoadSeries, type EncodedSeries } from './load-series.ts';
import { LOAD_FIGURES, type LoadFigure, type UserOutcome, type UserStatus } from './user-outcome.ts';

/** Everything a load run measured, in a form that crosses processes and files (JSON). */
export interface EncodedStats {
  planned: number;
  statuses: Record<string, number>;
  closeCodes: Record<string, number>;
  handshakeFailures: Record<string, number>;
  frames: number;
  /** Base64 HdrHistograms per figure. */
  histograms: Record<string, string>;
  /** Raw samples per figure, only when asked for (to audit a merge). */
  samples?: Record<string, number[]>;
  /** The run over time, when its outcomes were recorded with their times. */
  series?: EncodedSeries;
}

/** Counts and histograms of a load run; mergeable across workers and shards. */
export class LoadStats {
  planned = 0;
  frames = 0;
  readonly statuses = new Map<UserStatus, number>();
  readonly closeCodes = new Map<string, number>();
  readonly handshakeFailures = new Map<string, number>();
  readonly histograms = new Map<LoadFigure, LatencyHistogram>(LOAD_FIGURES.map((f) => [f, new LatencyHistogram()]));
  readonly samples: Map<LoadFigure, number[]> | undefined;
  /** The run over time (load-series.ts): kept when outcomes are recorded with their times. */
  series: LoadSeries | undefined;

  constructor(options: { keepSamples?: boolean; bucketMs?: number } = {}) {
    this.samples = options.keepSamples ? new Map(LOAD_FIGURES.map((f) => [f, []])) : undefined;
    this.series = options.bucketMs ? new LoadSeries(options.bucketMs) : undefined;
  }

  static decode(encoded: EncodedStats): LoadStats {
    const stats = new LoadStats({ keepSamples: encoded.samples !== undefined });
    stats.series = encoded.series && LoadSeries.decode(encoded.series);
    stats.planned = encoded.planned;
    stats.frames = encoded.frames;
    addAll(stats.statuses as Map<string, number>, encoded.statuses);
    addAll(stats.closeCodes, encoded.closeCodes);
    addAll(stats.handshakeFailures, encoded.handshakeFailures);
    for (const figure of LOAD_FIGURES) {
      const text = encoded.histograms[figure];
      if (text) stats.histograms.get(figure)!.add(LatencyHistogram.decode(text));
      stats.samples?.get(figure)!.push(...(encoded.samples?.[figure] ?? []));
    }
    return stats;
  }

  /** One user's outcome; `at` (ms from the start of the load: its arrival and its end) places it in the series. */
  record(outcome: UserOutcome, at?: { arrivalMs: number; endMs: number }): void {
    if (at) this.series?.record(outcome, at.arrivalMs, at.endMs);
    bump(this.statuses, outcome.status);
    this.frames += outcome.frames;
    if (outcome.handshakeFailure) bump(this.handshakeFailures, outcome.handshakeFailure);
    if (outcome.closeCode !== undefined) bump(this.closeCodes, String(outcome.closeCode));
    for (const figure of LOAD_FIGURES) {
      const ms = outcome.timings[figure];
      if (ms === undefined) continue;
      this.histograms.get(figure)!.record(ms);
      this.samples?.get(figure)!.push(ms);
    }
  }

  merge(other: LoadStats): void {
    this.planned += other.planned;
    this.frames += other.frames;
    addAll(this.statuses as Map<string, number>, Object.fromEntries(other.statuses));
    addAll(this.closeCodes, Object.fromEntries(other.closeCodes));
    addAll(this.handshakeFailures, Object.fromEntries(other.handshakeFailures));
    for (const figure of LOAD_FIGURES) {
      this.histograms.get(figure)!.add(other.histograms.get(figure)!);
      if (this.samples && other.samples) this.samples.get(figure)!.push(...other.samples.get(figure)!);
    }
    if (other.series) (this.series ??= new LoadSeries(other.series.bucketMs)).merge(other.series);
  }

  count(status: UserStatus): number {
    return this.statuses.get(status) ?? 0;
  }

  /** Users that reached a verdict (started, or given up on before starting). */
  get finished(): number {
    let n = 0;
    for (const v of this.statuses.values()) n += v;
    return n;
  }

  /** Succeeded over planned: a user the run never got to counts against it. */
  get successRate(): number {
    return this.planned === 0 ? 0 : this.count('ok') / this.planned;
  }

  /** Fraction of planned users whose connection the server closed with 1011. */
  get rate1011(): number {
    return this.planned === 0 ? 0 : (this.closeCodes.get('1011') ?? 0) / this.planned;
  }

  percentiles(): Record<LoadFigure, Percentiles> {
    return Object.fromEntries(LOAD_FIGURES.map((f) => [f, this.histograms.get(f)!.percentiles()])) as Record<
      LoadFigure,
      Percentiles
    >;
  }

  encode(): EncodedStats {
    return {
      planned: this.planned,
      statuses: Object.fromEntries(this.statuses),
      closeCodes: Object.fromEntries(this.closeCodes),
      handshakeFailures: Object.fromEntries(this.handshakeFailures),
      frames: this.frames,
      histograms: Object.fromEntries(LOAD_FIGURES.map((f) => [f, this.histograms.get(f)!.encode()])),
      ...(this.samples ? { samples: Object.fromEntries(this.samples) } : {}),
      ...(this.series ? { series: this.series.encode() } : {}),
    };
  }
}

function bump<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function addAll(map: Map<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) map.set(k, (map.get(k) ?? 0) + v);
}
