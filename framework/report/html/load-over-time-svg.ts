import type { LoadRecord, SeriesPoint } from '../records.ts';
import { esc, fmtMs } from './escape.ts';
import type { Limit } from './histogram-svg.ts';

const WIDTH = 720;
const HEIGHT = 170;
const PAD = { l: 44, r: 120, t: 18, b: 26 };

/** The colour class of each way a user can fail, in the order the bars stack. */
const FAILURE_KINDS = [
  'handshake_failed',
  'ready_timeout',
  'timeout',
  'closed',
  'broken',
  'leaked',
  'not_started',
] as const;

/** A line of the latency chart: which figure, which percentile. */
const LATENCY_LINES = [
  { figure: 'handshake', p: 'p50' },
  { figure: 'handshake', p: 'p95' },
  { figure: 'completion', p: 'p50' },
  { figure: 'completion', p: 'p95' },
] as const;

/**
 * A load run over time, as k6 and Artillery users read load: per bucket (1 s by default) the users
 * that arrived and completed as lines, those that failed as bars stacked by kind; and beneath it
 * p50/p95 of handshake and completion, with the thresholds judged on them drawn as lines, red when
 * crossed. Two SVGs, no script: each point has a <title> with its figures.
 */
export function loadOverTimeSvg(
  series: NonNullable<LoadRecord['series']>,
  limits: readonly (Limit & { figure: string })[],
): string {
  const { points, bucketS } = series;
  if (points.length === 0) return '<p class="muted">over time: nothing recorded</p>';
  return `<div class="over-time">${countsChart(points, bucketS)}${latencyChart(points, bucketS, limits)}</div>`;
}

function countsChart(points: readonly SeriesPoint[], bucketS: number): string {
  const failed = (p: SeriesPoint) => Object.values(p.failed).reduce((a, b) => a + b, 0);
  const peak = Math.max(1, ...points.map((p) => Math.max(p.arrivals, p.completed, failed(p))));
  const { x, y, plotW, plotH, barW } = frame(points.length, peak);
  const bars = points.flatMap((p, i) => {
    let top = 0;
    return FAILURE_KINDS.filter((k) => (p.failed[k] ?? 0) > 0).map((k) => {
      const n = p.failed[k]!;
      const y0 = y(top + n);
      top += n;
      return `<rect class="fail-${k}" x="${(x(i) - barW / 2).toFixed(1)}" y="${y0.toFixed(1)}" width="${barW.toFixed(1)}" height="${(y(top - n) - y0).toFixed(1)}"><title>${esc(`${at(p, bucketS)}: ${n} ${k.replace(/_/g, ' ')}`)}</title></rect>`;
    });
  });
  const kinds = FAILURE_KINDS.filter((k) => points.some((p) => (p.failed[k] ?? 0) > 0));
  const legend = [
    legendLine(0, 'arrivals', 'arrived'),
    legendLine(1, 'completed', 'completed'),
    ...kinds.map(
      (k, i) =>
        `<rect class="fail-${k}" x="${PAD.l + plotW + 10}" y="${PAD.t + (2 + i) * 13 - 8}" width="10" height="8"/><text class="tick" x="${PAD.l + plotW + 24}" y="${PAD.t + (2 + i) * 13}">${esc(k.replace(/_/g, ' '))}</text>`,
    ),
  ];
  return [
    svgOpen(`users per ${bucketS} s: arrived, completed, failed by kind`),
    `<text class="chart-title" x="${PAD.l}" y="11">users per ${esc(String(bucketS))} s</text>`,
    ...bars,
    polyline(
      'arrivals',
      points.map((p, i) => [x(i), y(p.arrivals)]),
    ),
    polyline(
      'completed',
      points.map((p, i) => [x(i), y(p.completed)]),
    ),
    ...points.map(
      (p, i) =>
        `<circle class="pt" cx="${x(i).toFixed(1)}" cy="${y(p.completed).toFixed(1)}" r="2"><title>${esc(`${at(p, bucketS)}: ${p.arrivals} arrived, ${p.completed} completed, ${failed(p)} failed`)}</title></circle>`,
    ),
    ...legend,
    axes(points.length, bucketS, String(peak), plotW, plotH),
    '</svg>',
  ].join('');
}

function latencyChart(
  points: readonly SeriesPoint[],
  bucketS: number,
  limits: readonly (Limit & { figure: string })[],
): string {
  const measured = points.flatMap((p) => [p.handshake, p.completion].filter((f) => f.count > 0).map((f) => f.p95));
  if (measured.length === 0) return '<p class="muted">latency over time: no handshake or golden path completed</p>';
  const dataPeak = Math.max(...measured);
  // A limit far above every sample would flatten the lines: it is drawn at the top edge with an arrow instead.
  const shown = limits.filter((l) => l.ms <= dataPeak * 2);
  const peak = Math.max(dataPeak, ...shown.map((l) => l.ms)) * 1.05;
  const { x, y, plotW, plotH } = frame(points.length, peak);
  const lines = LATENCY_LINES.map(({ figure, p }) => {
    const pts = points.flatMap((pt, i) => (pt[figure].count > 0 ? [[x(i), y(pt[figure][p])] as [number, number]] : []));
    return polyline(`lat-${figure} lat-${p}`, pts);
  });
  const dots = points.flatMap((pt, i) =>
    (['handshake', 'completion'] as const)
      .filter((f) => pt[f].count > 0)
      .map(
        (f) =>
          `<circle class="pt lat-${f}" cx="${x(i).toFixed(1)}" cy="${y(pt[f].p95).toFixed(1)}" r="2"><title>${esc(`${at(pt, bucketS)}: ${f} p50 ${fmtMs(pt[f].p50)}, p95 ${fmtMs(pt[f].p95)} (${pt[f].count})`)}</title></circle>`,
      ),
  );
  const thresholds = limits.map((l, row) => {
    const cls = `limit ${l.pass ? 'limit-met' : 'limit-crossed'}`;
    const tip = `<title>${esc(`${l.label} ${fmtMs(l.ms)}: ${l.pass ? 'met' : 'crossed'}`)}</title>`;
    if (!shown.includes(l))
      return `<text class="${cls}" x="${PAD.l + plotW}" y="${PAD.t + 9 + row * 11}" text-anchor="end">${esc(`${l.label} ${fmtMs(l.ms)} ↑`)}${tip}</text>`;
    const py = y(l.ms).toFixed(1);
    return `<line class="${cls}" x1="${PAD.l}" x2="${PAD.l + plotW}" y1="${py}" y2="${py}">${tip}</line><text class="${cls}" x="${PAD.l + plotW - 3}" y="${(y(l.ms) - 3).toFixed(1)}" text-anchor="end">${esc(l.label)}</text>`;
  });
  const legend = LATENCY_LINES.map(({ figure, p }, i) => legendLine(i, `lat-${figure} lat-${p}`, `${figure} ${p}`));
  return [
    svgOpen(`p50 and p95 latency per ${bucketS} s, with the thresholds`),
    `<text class="chart-title" x="${PAD.l}" y="11">latency per ${esc(String(bucketS))} s (p50, p95)</text>`,
    ...lines,
    ...dots,
    ...thresholds,
    ...legend,
    axes(points.length, bucketS, fmtMs(peak), plotW, plotH),
    '</svg>',
  ].join('');
}

function frame(n: number, peak: number) {
  const plotW = WIDTH - PAD.l - PAD.r;
  const plotH = HEIGHT - PAD.t - PAD.b;
  const step = plotW / Math.max(n, 1);
  return {
    plotW,
    plotH,
    barW: Math.max(1, step * 0.6),
    x: (i: number) => PAD.l + step * (i + 0.5),
    y: (v: number) => PAD.t + plotH - (Math.max(0, v) / peak) * plotH,
  };
}

function svgOpen(label: string): string {
  return `<svg class="over-time-chart" role="img" aria-label="${esc(label)}" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">`;
}

function polyline(cls: string, pts: readonly (readonly [number, number])[]): string {
  if (pts.length === 0) return '';
  return `<polyline class="series ${cls}" points="${pts.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ')}"/>`;
}

function legendLine(row: number, cls: string, label: string): string {
  const x = WIDTH - PAD.r + 10;
  const y = PAD.t + row * 13;
  return `<line class="series ${cls}" x1="${x}" x2="${x + 10}" y1="${y - 4}" y2="${y - 4}"/><text class="tick" x="${x + 14}" y="${y}">${esc(label)}</text>`;
}

function axes(n: number, bucketS: number, top: string, plotW: number, plotH: number): string {
  return [
    `<line class="axis" x1="${PAD.l}" x2="${PAD.l + plotW}" y1="${PAD.t + plotH}" y2="${PAD.t + plotH}"/>`,
    `<text class="tick" x="${PAD.l}" y="${HEIGHT - 10}" text-anchor="start">0 s</text>`,
    `<text class="tick" x="${PAD.l + plotW}" y="${HEIGHT - 10}" text-anchor="end">${esc(`${n * bucketS} s`)}</text>`,
    `<text class="tick" x="${PAD.l - 4}" y="${PAD.t + 8}" text-anchor="end">${esc(top)}</text>`,
  ].join('');
}

function at(p: SeriesPoint, bucketS: number): string {
  return `${p.t}–${p.t + bucketS} s`;
}
