import type { RunRecord } from '../records.ts';
import { esc, fmtMs } from './escape.ts';

const WIDTH = 760;
const LABEL = 210;
const ROW = 18;
const MAX_ROWS = 60;

/** The run's timeouts, so that a stalled or timed-out run is drawn as long as it was waited on. */
export interface RunTimeouts {
  eventMs: number;
  runMs: number;
}

type Row =
  | { kind: 'event'; index: number; e: RunRecord['events'][number] }
  | { kind: 'missing'; type: string; from: number; to: number };

/**
 * One golden-path run as an SVG timeline: a row per event at its time from the user message,
 * numbered as the rules number them (`#index`, and its `seq`); tool calls as bars from start to
 * end; each critical event that never came as a hollow marker where the contract puts it; the
 * largest gap shaded; a run that did not complete drawn on to where it was given up.
 */
export function timelineSvg(run: RunRecord, timeouts?: RunTimeouts): string {
  const events = run.events.slice(0, MAX_ROWS);
  const firstAt = (type: string | undefined) =>
    type === undefined ? undefined : run.events.find((e) => e.type === type)?.atMs;
  // A loop, not Math.max(...spread): a record read from an older summary may hold any number of events.
  let last = 0;
  for (const e of run.events) last = Math.max(last, e.atMs);
  const givenUp =
    run.outcome === 'completed' || !timeouts
      ? undefined
      : run.outcome === 'stalled'
        ? last + timeouts.eventMs
        : run.outcome === 'timeout'
          ? timeouts.runMs
          : undefined;
  const end = Math.max(1, run.timings.toCompletedMs ?? 0, last, givenUp ?? 0);
  const plot = WIDTH - LABEL - 70;
  const x = (ms: number) => LABEL + (ms / end) * plot;

  // Each missing event goes on a row of its own, after the last event the contract puts before it.
  const rows: Row[] = events.map((e, index) => ({ kind: 'event', index, e }));
  for (const m of run.missing ?? []) {
    const from = firstAt(m.after) ?? 0;
    const to = firstAt(m.before) ?? end;
    const at = m.after === undefined ? 0 : rows.findIndex((r) => r.kind === 'event' && r.e.type === m.after) + 1;
    rows.splice(Math.max(0, at), 0, { kind: 'missing', type: m.type, from, to: Math.max(from, to) });
  }
  const height = (rows.length + 2) * ROW + 14;
  const axisY = (rows.length + 1.5) * ROW;
  const out: string[] = [];

  const gap = largestGap(run);
  if (gap && gap.to - gap.from > end * 0.05) {
    out.push(
      `<rect class="gap" x="${x(gap.from).toFixed(1)}" y="4" width="${(x(gap.to) - x(gap.from)).toFixed(1)}" height="${(axisY - 4).toFixed(1)}"><title>${esc(`largest gap: ${fmtMs(gap.to - gap.from)}`)}</title></rect>`,
    );
  }
  if (givenUp !== undefined && givenUp > last) {
    out.push(
      `<rect class="stall" x="${x(last).toFixed(1)}" y="4" width="${(x(givenUp) - x(last)).toFixed(1)}" height="${(axisY - 4).toFixed(1)}"><title>${esc(`${run.outcome}: ${run.detail}`)}</title></rect>`,
    );
    out.push(
      `<text class="stall-label" x="${(x(givenUp) - 4).toFixed(1)}" y="14" text-anchor="end">${esc(`${run.outcome}: no event for ${fmtMs(givenUp - last)}`)}</text>`,
    );
  }
  rows.forEach((row, i) => {
    const y = (i + 1) * ROW;
    out.push(`<line class="row" x1="${LABEL}" x2="${LABEL + plot}" y1="${y}" y2="${y}"/>`);
    if (row.kind === 'missing') {
      const cx = (x(row.from) + x(row.to)) / 2;
      out.push(
        `<line class="expected-window" x1="${x(row.from).toFixed(1)}" x2="${x(row.to).toFixed(1)}" y1="${y}" y2="${y}"/>`,
        `<text class="ev-label missing-label" x="${LABEL - 8}" y="${y + 4}" text-anchor="end">${esc(clip(`${row.type} (expected)`))}</text>`,
        `<circle class="missing" cx="${cx.toFixed(1)}" cy="${y}" r="5"><title>${esc(`${row.type} never arrived: the contract puts it between ${fmtMs(row.from)} and ${fmtMs(row.to)}`)}</title></circle>`,
        `<text class="ev-time missing-label" x="${(cx + 8).toFixed(1)}" y="${y + 4}">never arrived</text>`,
      );
      return;
    }
    // Numbered as the rules number them: `#index` from 0 (the rows drawn all come before any elided middle), and `seq`.
    const { e, index } = row;
    const pairEnd = e.callId !== undefined ? run.events.find((o, j) => j > index && o.callId === e.callId) : undefined;
    if (pairEnd) {
      out.push(
        `<rect class="tool" x="${x(e.atMs).toFixed(1)}" y="${y - 5}" width="${Math.max(2, x(pairEnd.atMs) - x(e.atMs)).toFixed(1)}" height="10" rx="2"><title>${esc(`${e.callId}: ${fmtMs(pairEnd.atMs - e.atMs)}`)}</title></rect>`,
      );
    } else if (e.callId !== undefined && run.openCalls?.includes(e.callId)) {
      out.push(
        `<rect class="tool-open" x="${x(e.atMs).toFixed(1)}" y="${y - 5}" width="${Math.max(2, x(end) - x(e.atMs)).toFixed(1)}" height="10" rx="2"><title>${esc(`${e.callId}: never closed`)}</title></rect>`,
      );
    }
    const label = `#${index} ${e.type}${e.seq !== undefined ? ` · seq ${e.seq}` : ''}`;
    out.push(
      `<text class="ev-label" x="${LABEL - 8}" y="${y + 4}" text-anchor="end">${esc(clip(label))}</text>`,
      `<circle class="event ev-${esc(e.type)}" cx="${x(e.atMs).toFixed(1)}" cy="${y}" r="5"><title>${esc(`${label}${e.callId ? ` (${e.callId})` : ''} at ${fmtMs(e.atMs)}`)}</title></circle>`,
      `<text class="ev-time" x="${(x(e.atMs) + 8).toFixed(1)}" y="${y + 4}">${esc(fmtMs(e.atMs))}</text>`,
    );
  });
  const more = run.events.length - events.length + (run.eventsElided ?? 0);
  if (more > 0)
    out.push(`<text class="ev-label" x="${LABEL}" y="${(rows.length + 1) * ROW + 4}">… ${more} more events</text>`);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map(
    (f) =>
      `<text class="tick" x="${x(end * f).toFixed(1)}" y="${axisY + 12}" text-anchor="middle">${esc(fmtMs(end * f))}</text>`,
  );
  const ok = run.outcome === 'completed';
  const endAt = ok ? (run.timings.toCompletedMs ?? last) : end;
  return [
    `<svg class="timeline" role="img" aria-label="${esc(`timeline of ${run.client} run ${run.runId ?? '?'}: ${run.outcome}${run.missing?.length ? `, never arrived: ${run.missing.map((m) => m.type).join(', ')}` : ''}`)}" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">`,
    `<line class="axis" x1="${LABEL}" x2="${LABEL + plot}" y1="${axisY}" y2="${axisY}"/>`,
    ...ticks,
    ...out,
    `<line class="${ok ? 'end-ok' : 'end-bad'}" x1="${x(endAt).toFixed(1)}" x2="${x(endAt).toFixed(1)}" y1="4" y2="${axisY}"><title>${esc(run.outcome)}</title></line>`,
    '</svg>',
  ].join('');
}

// From the user message to the first event counts: a slow start is a gap too.
function largestGap(run: RunRecord): { from: number; to: number } | undefined {
  let best: { from: number; to: number } | undefined;
  let prev = 0;
  for (const e of run.events) {
    if (!best || e.atMs - prev > best.to - best.from) best = { from: prev, to: e.atMs };
    prev = e.atMs;
  }
  return best;
}

function clip(label: string): string {
  return label.length > 34 ? `${label.slice(0, 33)}…` : label;
}
