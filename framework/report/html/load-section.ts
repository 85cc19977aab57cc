import type { LoadRecord } from '../records.ts';
import { esc, fmtMs } from './escape.ts';
import { histogramSvg } from './histogram-svg.ts';

const COLUMNS = ['p50', 'p90', 'p95', 'p99', 'max', 'mean'] as const;

/** One load run: its verdicts against the thresholds, a percentile table and a histogram per latency. */
export function loadBlock(load: LoadRecord, where = ''): string {
  const verdicts = load.verdicts
    .map((v) => `<tr class="${v.pass ? 'pass' : 'fail'}"><td><span class="badge ${v.pass ? 'pass' : 'fail'}">${v.pass ? 'pass' : 'fail'}</span></td><td>${esc(v.name)}</td><td class="num">${esc(num(v.measured))}</td><td class="num">${esc(num(v.threshold))}${v.basis ? `<div class="muted">${esc(v.basis)}</div>` : ''}</td></tr>`)
    .join('');
  const percentiles = Object.entries(load.percentiles)
    .map(([metric, p]) => `<tr><td>${esc(metric)}</td>${COLUMNS.map((c) => `<td class="num">${esc(fmtMs(p[c]))}</td>`).join('')}<td class="num">${p.count}</td></tr>`)
    .join('');
  const charts = Object.entries(load.histograms)
    .map(([metric, encoded]) => histogramSvg(metric, encoded, load.percentiles[metric] ?? {}))
    .join('');
  return [
    `<div class="load"><h3>${where ? `${esc(where)} › ` : ''}${esc(load.name)} <span class="muted">(${esc(load.model === 'open' ? 'open model: arrival rate' : 'closed model: fixed concurrency')})</span></h3>`,
    `<p>${Object.entries(load.counts).map(([k, v]) => `${esc(k)}: <b>${v}</b>`).join(' · ')}</p>`,
    verdicts ? `<table class="verdicts"><thead><tr><th></th><th>threshold</th><th class="num">measured</th><th class="num">limit</th></tr></thead><tbody>${verdicts}</tbody></table>` : '',
    percentiles ? `<table class="percentiles"><thead><tr><th>latency</th>${COLUMNS.map((c) => `<th class="num">${c}</th>`).join('')}<th class="num">count</th></tr></thead><tbody>${percentiles}</tbody></table>` : '',
    `<div class="charts">${charts}</div>`,
    codesLine('close codes', load.closeCodes),
    codesLine('handshake failures', load.handshakeFailures),
    '</div>',
  ].join('');
}

function codesLine(title: string, counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  if (entries.length === 0) return '';
  return `<p class="muted">${esc(title)}: ${entries.map(([k, v]) => `${esc(k)} × ${v}`).join(', ')}</p>`;
}

function num(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(v < 1 ? 4 : 2);
}
