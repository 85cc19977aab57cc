import { E2eError } from '../errors.ts';
import { totalsOf } from './collect-summary.ts';
import type { LoadRecord } from './records.ts';
import { MAX_RUNS_PER_TEST } from './run-record.ts';
import type { Summary, SuiteSummary, TestSummary, Verdict } from './summary.ts';

/** `closed (shard 2/4)` and `closed (merged)` are both the load run `closed`. */
export function baseLoadName(name: string): string {
  return name.replace(/ \((?:shard \d+\/\d+|merged)\)$/, '');
}

/**
 * One summary from the summaries of n shard invocations: suites that ran in one shard are taken
 * as they are; a suite that ran in every shard (the load suite) has its tests' verdicts combined
 * and its per-shard load records replaced by `mergedLoads` (percentiles of the merged histograms).
 */
export function mergeSummaries(
  parts: readonly Summary[],
  mergedLoads: readonly LoadRecord[],
  problems: readonly string[] = [],
): Summary {
  if (parts.length === 0) throw new E2eError('E2E_REPORT_INVALID', 'mergeSummaries: no shard summaries to merge');
  const byFile = new Map<string, SuiteSummary[]>();
  for (const part of parts)
    for (const suite of part.suites) byFile.set(suite.file, [...(byFile.get(suite.file) ?? []), suite]);
  const merged = new Map(mergedLoads.map((l) => [baseLoadName(l.name), { ...l, name: baseLoadName(l.name) }]));
  const suites = [...byFile.values()]
    .map((copies) => mergeSuite(copies, merged))
    .sort((a, b) => a.file.localeCompare(b.file));
  const started = Math.min(...parts.map((p) => Date.parse(p.startedAt)));
  const finished = Math.max(...parts.map((p) => Date.parse(p.finishedAt)));
  const first = parts[0]!;
  const { shard: _shard, ...rest } = first;
  return {
    ...rest,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - started,
    merged: { shards: Math.max(...parts.map((p) => p.shard?.count ?? 1)), problems: [...problems] },
    ...totalsOf(suites),
    suites,
    unhandledErrors: parts.flatMap((p) => p.unhandledErrors),
  };
}

function mergeSuite(copies: SuiteSummary[], loads: Map<string, LoadRecord>): SuiteSummary {
  const first = copies[0]!;
  if (copies.length === 1 && first.tests.every((t) => t.load.length === 0)) return first;
  const byName = new Map<string, TestSummary[]>();
  for (const copy of copies) for (const t of copy.tests) byName.set(t.fullName, [...(byName.get(t.fullName) ?? []), t]);
  const tests = [...byName.values()].map((same) => mergeTest(same, loads));
  const error = copies.find((c) => c.error)?.error;
  return {
    ...first,
    verdict: worst([...tests.map((t) => t.verdict), ...(error ? ['fail' as const] : [])]),
    durationMs: Math.max(...copies.map((c) => c.durationMs)),
    ...(error ? { error } : {}),
    tests,
  };
}

function mergeTest(same: TestSummary[], loads: Map<string, LoadRecord>): TestSummary {
  const first = same[0]!;
  const failure = same.find((t) => t.failure)?.failure;
  const shardLoads = same.flatMap((t) => t.load);
  const names = [...new Set(shardLoads.map((l) => baseLoadName(l.name)))];
  return {
    ...first,
    verdict: worst(same.map((t) => t.verdict)),
    durationMs: Math.max(...same.map((t) => t.durationMs)),
    ...(failure ? { failure } : {}),
    runs: same.flatMap((t) => t.runs).slice(0, MAX_RUNS_PER_TEST),
    checks: same.flatMap((t) => t.checks),
    // A load run whose shards were merged is shown once, from the merged histograms.
    load: names.flatMap((n) => loads.get(n) ?? shardLoads.filter((l) => baseLoadName(l.name) === n)),
  };
}

function worst(verdicts: Verdict[]): Verdict {
  if (verdicts.includes('fail')) return 'fail';
  if (verdicts.includes('blocked')) return 'blocked';
  return verdicts.length > 0 && verdicts.every((v) => v === 'skip') ? 'skip' : 'pass';
}
