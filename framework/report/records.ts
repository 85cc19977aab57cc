import type { RunnerTestCase as Test } from 'vitest';

/** One protocol check, in the manner of Autobahn|Testsuite's per-case reports. */
export interface CheckRecord {
  /** Stable id, e.g. `close-codes/7.9.x/1004` or `header-compat/header/expired`. */
  id: string;
  description: string;
  /** What the contract or RFC requires. */
  expectation: string;
  /** What the target did. */
  observed: string;
  verdict: 'pass' | 'fail' | 'not_applicable' | 'blocked';
  httpStatus?: number;
  closeCode?: number;
  closeReason?: string;
  /** Whether the close handshake completed (a close frame was received). */
  clean?: boolean;
  durationMs?: number;
  /** Why a check could not apply to this target, or the diagnosis that blocked it. */
  note?: string;
}

/** One golden-path run as the report shows it. */
export interface RunRecord {
  client: string;
  runId: string | undefined;
  outcome: string;
  detail: string;
  /** The run's events with their time from the user message: all of them, or the first and last of a long run. */
  events: { type: string; atMs: number; seq?: number; callId?: string }[];
  /** Events of a long run left out between the first and the last ones kept (see run-record.ts). */
  eventsElided?: number;
  timings: { toStartedMs?: number; toCompletedMs?: number; largestGapMs: number };
  /** Critical events that never arrived, each with the present critical events the contract puts before and after it. */
  missing?: { type: string; after?: string; before?: string }[];
  /** Tool calls started and never closed by their end event. */
  openCalls?: string[];
  /** Golden-path rules the run broke (`[rule] message`); empty for a golden run. */
  violations?: string[];
  /** How the client's connection ended, when it had ended by the end of the test. */
  close?: { code: number; reason: string; by: string };
}

/** A load run's figures; percentiles in ms, histograms base64-encoded HdrHistograms. */
/** One bucket of a load run over time: counts, and p50/p95 of what was measured in it. */
export interface SeriesPoint {
  /** Start of the bucket, in seconds from the start of the load. */
  t: number;
  arrivals: number;
  completed: number;
  /** Users whose golden path ended in this bucket without completing, by how it ended. */
  failed: Record<string, number>;
  handshake: { p50: number; p95: number; count: number };
  completion: { p50: number; p95: number; count: number };
}

export interface LoadRecord {
  name: string;
  model: 'closed' | 'open';
  counts: Record<string, number>;
  closeCodes: Record<string, number>;
  handshakeFailures: Record<string, number>;
  percentiles: Record<
    string,
    { p50: number; p90: number; p95: number; p99: number; max: number; mean: number; count: number }
  >;
  histograms: Record<string, string>;
  /** The run over time: per bucket of `bucketS` seconds, arrivals, completions, failures by kind, p50/p95 latencies. */
  series?: { bucketS: number; points: SeriesPoint[] };
  thresholds: Record<string, number>;
  /** `basis`: where a threshold came from when not the env file's figure as written (a calibration). */
  verdicts: { name: string; threshold: number; measured: number; pass: boolean; basis?: string; uncalibrated?: true }[];
}

export interface GoldenPathMeta {
  /** Ids of the preflight's causes (see target/blockers.ts) that stopped this test before it could check anything. */
  blockedBy?: string[];
  runs?: RunRecord[];
  checks?: CheckRecord[];
  load?: LoadRecord[];
}

declare module 'vitest' {
  interface TaskMeta {
    goldenPath?: GoldenPathMeta;
  }
}

/** Attaches records to the running test; reporters read them from `testCase.meta().goldenPath`. */
export function attach<K extends keyof GoldenPathMeta>(
  task: Test,
  key: K,
  records: NonNullable<GoldenPathMeta[K]>,
): void {
  const meta = (task.meta.goldenPath ??= {});
  const list = (meta[key] ??= [] as never) as unknown[];
  list.push(...(records as unknown[]));
}
