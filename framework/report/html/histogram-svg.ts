import { binHistogram } from './decode-histogram.ts';
import { esc, fmtMs } from './escape.ts';

const WIDTH = 360;
const HEIGHT = 150;
const BINS = 30;

export interface Marks {
  p50?: number;
  p95?: number;
  p99?: number;
  max?: number;
}

/** A threshold the load run was judged by, e.g. `{ label: 'p95 limit', ms: 1000, pass: true }`. */
export interface Limit {
  label: string;
  ms: number;
  pass: boolean;
}

/**
 * A latency histogram as SVG bars (count per bin), with p50/p95/p99 marked and each threshold drawn
 * as a solid line (or an arrow at the right edge when it lies beyond the slowest sample).
 */
export function histogramSvg(title: string, encoded: string, marks: Marks, limits: readonly Limit[] = []): string {
  const bins = binHistogram(encoded, BINS, marks.max);
  if (!bins) return `<p class="muted">${esc(title)}: no histogram recorded</p>`;
  const pad = { l: 36, r: 8, t: 18, b: 30 };
  const plotW = WIDTH - pad.l - pad.r;
  const plotH = HEIGHT - pad.t - pad.b;
  const peak = Math.max(...bins.counts, 1);
  const { lo, hi } = bins;
  const x = (ms: number) => pad.l + ((ms - lo) / Math.max(hi - lo, 1e-9)) * plotW;
  const barW = plotW / BINS;
  const bars = bins.counts.map((c, i) => {
    const h = (c / peak) * plotH;
    return `<rect class="bar" x="${(pad.l + i * barW + 0.5).toFixed(1)}" y="${(pad.t + plotH - h).toFixed(1)}" width="${Math.max(1, barW - 1).toFixed(1)}" height="${h.toFixed(1)}"><title>${esc(`≤ ${fmtMs(bins.edges[i])}: ${c}`)}</title></rect>`;
  });
  // Labels on three rows so that close percentiles stay readable; anchored inward at the edges.
  const lines = (['p50', 'p95', 'p99'] as const)
    .filter((k) => marks[k] !== undefined)
    .map((k, row) => {
      const px = Math.min(pad.l + plotW, Math.max(pad.l, x(marks[k]!)));
      const anchor = px > pad.l + plotW - 24 ? 'end' : px < pad.l + 24 ? 'start' : 'middle';
      const dx = anchor === 'end' ? -3 : anchor === 'start' ? 3 : 0;
      return `<line class="mark mark-${k}" x1="${px.toFixed(1)}" x2="${px.toFixed(1)}" y1="${pad.t}" y2="${pad.t + plotH}"><title>${esc(`${k} ${fmtMs(marks[k])}`)}</title></line><text class="tick" x="${(px + dx).toFixed(1)}" y="${pad.t + 9 + row * 11}" text-anchor="${anchor}">${k}</text>`;
    });
  const thresholds = limits.map((l, row) => {
    const tip = `<title>${esc(`${l.label} ${fmtMs(l.ms)}: ${l.pass ? 'met' : 'crossed'}`)}</title>`;
    const cls = `limit ${l.pass ? 'limit-met' : 'limit-crossed'}`;
    if (l.ms > hi)
      return `<text class="${cls}" x="${pad.l + plotW}" y="${pad.t + plotH - 4 - row * 11}" text-anchor="end">${esc(`${l.label} ${fmtMs(l.ms)} →`)}${tip}</text>`;
    const px = Math.max(pad.l, x(l.ms));
    return `<line class="${cls}" x1="${px.toFixed(1)}" x2="${px.toFixed(1)}" y1="${pad.t - 4}" y2="${pad.t + plotH}">${tip}</line><text class="${cls}" x="${(px - 3).toFixed(1)}" y="${pad.t + plotH - 4 - row * 11}" text-anchor="end">${esc(l.label)}</text>`;
  });
  return [
    `<svg class="histogram" role="img" aria-label="${esc(`${title} histogram, ${bins.total} samples`)}" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">`,
    `<text class="chart-title" x="${pad.l}" y="11">${esc(title)} (${bins.total} samples)</text>`,
    ...bars,
    ...lines,
    ...thresholds,
    `<line class="axis" x1="${pad.l}" x2="${pad.l + plotW}" y1="${pad.t + plotH}" y2="${pad.t + plotH}"/>`,
    `<text class="tick" x="${pad.l}" y="${HEIGHT - 12}" text-anchor="start">${esc(fmtMs(lo))}</text>`,
    `<text class="tick" x="${pad.l + plotW}" y="${HEIGHT - 12}" text-anchor="end">${esc(fmtMs(hi))}</text>`,
    `<text class="tick" x="${pad.l - 4}" y="${pad.t + 8}" text-anchor="end">${peak}</text>`,
    '</svg>',
  ].join('');
}
