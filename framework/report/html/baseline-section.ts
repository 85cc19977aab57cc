import { compareSummaries, DEFAULT_TOLERANCE, type Finding, type Tolerance } from '../compare-summaries.ts';
import type { Summary } from '../summary.ts';
import { esc, fmtMs } from './escape.ts';

/** The run to compare with: its summary and what to call it (its path, or "last night"). */
export interface Baseline {
  name: string;
  summary: Summary;
}

/**
 * This run against a baseline (the last good run): tests that fail now and did not then, tests
 * fixed since, and load figures that moved beyond their noise, with the direction — or "no change".
 * The same judgement as `golden-path compare` (compare-summaries.ts).
 */
export function baselineSection(current: Summary, baseline: Baseline, tolerance: Tolerance = DEFAULT_TOLERANCE): string {
  const c = compareSummaries(baseline.summary, current, tolerance);
  const moved = c.findings.filter((f) => f.verdict === 'worse' || f.verdict === 'better').sort((a, b) => Number(b.verdict === 'worse') - Number(a.verdict === 'worse'));
  const head = `<h2 id="baseline">Against the baseline <span class="muted">${esc(baseline.name)} · ${esc(baseline.summary.startedAt)}</span></h2>`;
  if (c.newFailures.length === 0 && c.fixed.length === 0 && moved.length === 0) {
    return `<section class="baseline">${head}<p class="no-change">no change: the same tests fail, and no figure moved beyond its noise (${esc(noise(tolerance))})</p></section>`;
  }
  const list = (cls: string, title: string, items: string[]) => (items.length ? `<h4>${esc(title)} (${items.length})</h4><ul class="${cls}">${items.join('')}</ul>` : '');
  return [
    `<section class="baseline">${head}`,
    list('new-failures', 'New failures', c.newFailures.map((t) => `<li>✗ ${esc(t)}</li>`)),
    list('fixed', 'Fixed since', c.fixed.map((t) => `<li>✓ ${esc(t)}</li>`)),
    list('moved', `Moved beyond their noise (${noise(tolerance)})`, moved.map((f) => `<li class="${f.verdict}">${f.verdict === 'worse' ? '✗ worse' : '✓ better'}: ${esc(f.label)} ${esc(fmt(f.old, f.kind))} → ${esc(fmt(f.new, f.kind))}</li>`)),
    '</section>',
  ].join('');
}

function noise(t: Tolerance): string {
  return `latency +${Math.round(t.latencyRatio * 100)} % and +${t.latencyMinDeltaMs} ms, rates −${t.rateDrop}`;
}

function fmt(v: number | undefined, kind: Finding['kind']): string {
  if (v === undefined) return '—';
  return kind === 'rate' ? `${(v * 100).toFixed(1)} %` : fmtMs(v);
}
