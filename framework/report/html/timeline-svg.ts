import type { RunRecord } from '../records.ts';
import { esc, fmtMs } from './escape.ts';

const WIDTH = 760;
const LABEL = 190;
const ROW = 18;
const MAX_ROWS = 60;

/**
 * One golden-path run as an SVG timeline: a row per event at its time from the user message,
 * tool calls drawn as bars from tool start to tool end, and the run's end (outcome) marked.
 */
export function timelineSvg(run: RunRecord): string {
  const events = run.events.slice(0, MAX_ROWS);
  // A loop, not Math.max(...spread): a record read from an older summary may hold any number of events.
  let end = Math.max(1, run.timings.toCompletedMs ?? 0);
  for (const e of run.events) end = Math.max(end, e.atMs);
  const plot = WIDTH - LABEL - 70;
  const x = (ms: number) => LABEL + (ms / end) * plot;
  const height = (events.length + 2) * ROW + 10;
  const rows: string[] = [];
  events.forEach((e, i) => {
    const y = (i + 1) * ROW;
    const pairEnd = e.callId !== undefined ? run.events.find((o, j) => j > run.events.indexOf(e) && o.callId === e.callId) : undefined;
    if (pairEnd) {
      rows.push(`<rect class="tool" x="${x(e.atMs).toFixed(1)}" y="${y - 5}" width="${Math.max(2, x(pairEnd.atMs) - x(e.atMs)).toFixed(1)}" height="10" rx="2"><title>${esc(`${e.callId}: ${fmtMs(pairEnd.atMs - e.atMs)}`)}</title></rect>`);
    }
    const label = `${e.type}${e.seq !== undefined ? ` #${e.seq}` : ''}${e.callId ? ` (${e.callId})` : ''}`;
    rows.push(
      `<text class="ev-label" x="${LABEL - 8}" y="${y + 4}" text-anchor="end">${esc(label.length > 30 ? `${label.slice(0, 29)}…` : label)}</text>`,
      `<line class="row" x1="${LABEL}" x2="${LABEL + plot}" y1="${y}" y2="${y}"/>`,
      `<circle class="event ev-${esc(e.type)}" cx="${x(e.atMs).toFixed(1)}" cy="${y}" r="5"><title>${esc(`${label} at ${fmtMs(e.atMs)}`)}</title></circle>`,
      `<text class="ev-time" x="${(x(e.atMs) + 8).toFixed(1)}" y="${y + 4}">${esc(fmtMs(e.atMs))}</text>`,
    );
  });
  const more = run.events.length - events.length + (run.eventsElided ?? 0);
  if (more > 0) rows.push(`<text class="ev-label" x="${LABEL}" y="${(events.length + 1) * ROW + 4}">… ${more} more events</text>`);
  const axisY = (events.length + 1.5) * ROW;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => `<text class="tick" x="${x(end * f).toFixed(1)}" y="${axisY + 12}" text-anchor="middle">${esc(fmtMs(end * f))}</text>`);
  const ok = run.outcome === 'completed';
  return [
    `<svg class="timeline" role="img" aria-label="${esc(`timeline of ${run.client} run ${run.runId ?? '?'}: ${run.outcome}`)}" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">`,
    `<line class="axis" x1="${LABEL}" x2="${LABEL + plot}" y1="${axisY}" y2="${axisY}"/>`,
    ...ticks,
    ...rows,
    `<line class="${ok ? 'end-ok' : 'end-bad'}" x1="${x(end).toFixed(1)}" x2="${x(end).toFixed(1)}" y1="4" y2="${axisY}"><title>${esc(run.outcome)}</title></line>`,
    '</svg>',
  ].join('');
}
