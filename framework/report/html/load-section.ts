import type { LoadRecord } from '../records.ts';
import { esc, fmtMs } from './escape.ts';
import { histogramSvg, type Limit } from './histogram-svg.ts';
import { loadOverTimeSvg } from './load-over-time-svg.ts';

const COLUMNS = ['p50', 'p90', 'p95', 'p99', 'max', 'mean'] as const;

/** One load run: its verdicts against the thresholds, the run over time, a percentile table and a histogram per latency. */
export function loadBlock(load: LoadRecord, where = ''): string {
  const verdicts = load.verdicts
    .map(
      (v) =>
        `<tr class="${v.pass ? 'pass' : 'fail'}"><td><span class="badge ${v.pass ? 'pass' : 'fail'}">${v.pass ? 'pass' : 'fail'}</span></td><td>${esc(v.name)}</td><td class="num">${esc(num(v.measured))}</td><td class="num">${esc(num(v.threshold))}${v.basis ? `<div class="muted">${esc(v.basis)}</div>` : ''}</td></tr>`,
    )
    .join('');
  const percentiles = Object.entries(load.percentiles)
    .map(
      ([metric, p]) =>
        `<tr><td>${esc(metric)}</td>${COLUMNS.map((c) => `<td class="num">${esc(fmtMs(p[c]))}</td>`).join('')}<td class="num">${p.count}</td></tr>`,
    )
    .join('');
  const charts = Object.entries(load.histograms)
    .map(([metric, encoded]) => histogramSvg(metric, encoded, load.percentiles[metric] ?? {}, limitsOf(load, metric)))
    .join('');
  return [
    `<div class="load"><h3>${where ? `${esc(where)} › ` : ''}${esc(load.name)} <span class="muted">(${esc(load.model === 'open' ? 'open model: arrival rate' : 'closed model: fixed concurrency')})</span></h3>`,
    `<p>${Object.entries(load.counts)
      .map(([k, v]) => `${esc(k)}: <b>${v}</b>`)
      .join(' · ')}</p>`,
    verdicts
      ? `<table class="verdicts"><thead><tr><th></th><th>threshold</th><th class="num">measured</th><th class="num">limit</th></tr></thead><tbody>${verdicts}</tbody></table>`
      : '',
    load.series ? loadOverTimeSvg(load.series, p95Limits(load)) : '',
    percentiles
      ? `<table class="percentiles"><thead><tr><th>latency</th>${COLUMNS.map((c) => `<th class="num">${c}</th>`).join('')}<th class="num">count</th></tr></thead><tbody>${percentiles}</tbody></table>`
      : '',
    // Folded: five histograms are a screen and a half, and the verdicts above already say what missed.
    charts
      ? `<details class="charts-fold"><summary>histograms (${Object.keys(load.histograms).length})</summary><div class="charts">${charts}</div></details>`
      : '',
    codesLine('close codes', load.closeCodes),
    codesLine('handshake failures', load.handshakeFailures),
    '</div>',
  ].join('');
}

/** A load run folded to one line: its name, its success rate and the thresholds it missed; open, all of it. */
export function loadFold(load: LoadRecord, where: string): string {
  const missed = load.verdicts.filter((v) => !v.pass).map((v) => v.name);
  const success = load.verdicts.find((v) => v.name === 'success rate');
  const verdict =
    load.verdicts.length === 0
      ? ''
      : missed.length === 0
        ? `✓ all ${load.verdicts.length} thresholds met`
        : `✗ missed ${missed.join(', ')}`;
  const line = [success ? `success ${(success.measured * 100).toFixed(1)} %` : '', verdict].filter(Boolean).join(' · ');
  return `<details class="load-fold ${missed.length ? 'fail' : 'pass'}"><summary><b>${esc(where)} › ${esc(load.name)}</b> <span class="muted">${esc(line)}</span></summary>${loadBlock(load)}</details>`;
}

// The latency thresholds drawn on a histogram: those judged on that figure (`p95 handshake` on handshake).
function limitsOf(load: LoadRecord, metric: string): Limit[] {
  return load.verdicts
    .filter((v) => v.name === `p95 ${metric}` || v.name === `mean ${metric}`)
    .filter((v) => Number.isFinite(v.threshold))
    .map((v) => ({ label: `${v.name.split(' ')[0]} limit`, ms: v.threshold, pass: v.pass }));
}

// The p95 thresholds, drawn across the latency-over-time chart (a mean has no per-second meaning).
function p95Limits(load: LoadRecord): (Limit & { figure: string })[] {
  return ['handshake', 'completion'].flatMap((figure) =>
    load.verdicts
      .filter((v) => v.name === `p95 ${figure}` && Number.isFinite(v.threshold))
      .map((v) => ({ figure, label: `${v.name} limit`, ms: v.threshold, pass: v.pass })),
  );
}

function codesLine(title: string, counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  if (entries.length === 0) return '';
  return `<p class="muted">${esc(title)}: ${entries.map(([k, v]) => `${esc(k)} × ${v}`).join(', ')}</p>`;
}

function num(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(v < 1 ? 4 : 2);
}
