import { compareSummaries, DEFAULT_TOLERANCE, type Finding, type Tolerance } from './compare-summaries.ts';
import { readSummary } from './read-summary.ts';
import type { Summary } from './summary.ts';

/** The run to compare with (the last good one): its summary and what to call it (its path). */
export interface Baseline {
  name: string;
  summary: Summary;
}

/** This run against its baseline: what fails now and did not then, what was fixed, what moved beyond its noise. */
export interface BaselineChanges {
  baseline: Baseline;
  newFailures: string[];
  fixed: string[];
  /** Figures that moved beyond their noise, the worse first. */
  moved: Finding[];
  tolerance: Tolerance;
}

/** Reads `--baseline` / E2E_BASELINE; a file that is not a golden-path summary throws E2E_REPORT_INVALID naming it. */
export function readBaseline(path: string): Baseline {
  return { name: path, summary: readSummary(path) };
}

/** The judgement of `golden-path compare` (compare-summaries.ts), kept for the report's three renderers. */
export function baselineChanges(
  current: Summary,
  baseline: Baseline,
  tolerance: Tolerance = DEFAULT_TOLERANCE,
): BaselineChanges {
  const c = compareSummaries(baseline.summary, current, tolerance);
  const moved = c.findings
    .filter((f) => f.verdict === 'worse' || f.verdict === 'better')
    .sort((a, b) => Number(b.verdict === 'worse') - Number(a.verdict === 'worse'));
  return { baseline, newFailures: c.newFailures, fixed: c.fixed, moved, tolerance };
}

export function unchanged(c: BaselineChanges): boolean {
  return c.newFailures.length === 0 && c.fixed.length === 0 && c.moved.length === 0;
}

/** `2 new failures, 1 fixed, 1 figure worse` — or the sentence that says nothing changed. */
export function baselineHeadline(c: BaselineChanges): string {
  if (unchanged(c))
    return `no change: the same tests fail, and no figure moved beyond its noise (${noiseText(c.tolerance)})`;
  const worse = c.moved.filter((f) => f.verdict === 'worse').length;
  const parts = [
    c.newFailures.length > 0 && plural(c.newFailures.length, 'new failure'),
    c.fixed.length > 0 && `${c.fixed.length} fixed`,
    worse > 0 && `${plural(worse, 'figure')} worse`,
    c.moved.length > worse && `${plural(c.moved.length - worse, 'figure')} better`,
  ];
  return parts.filter(Boolean).join(', ');
}

/** `✗ worse: concurrent-load › closed: p95 handshake 120.0 ms → 310.0 ms`. */
export function movedText(f: Finding): string {
  return `${f.verdict === 'worse' ? '✗ worse' : '✓ better'}: ${f.label} ${figure(f.old, f.kind)} → ${figure(f.new, f.kind)}`;
}

/** What counts as noise: `latency +20 % and +25 ms, rates −0.01`. */
export function noiseText(t: Tolerance): string {
  return `latency +${Math.round(t.latencyRatio * 100)} % and +${t.latencyMinDeltaMs} ms, rates −${t.rateDrop}`;
}

function figure(v: number | undefined, kind: Finding['kind']): string {
  if (v === undefined) return '—';
  return kind === 'rate' ? `${(v * 100).toFixed(1)} %` : `${v.toFixed(1)} ms`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
