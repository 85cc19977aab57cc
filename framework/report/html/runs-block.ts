import type { RunRecord } from '../records.ts';
import { esc, fmtMs } from './escape.ts';
import { timelineSvg, type RunTimeouts } from './timeline-svg.ts';

/** A run's heading line (client, outcome, latencies) and its timeline chart. */
function runBlock(run: RunRecord, timeouts?: RunTimeouts): string {
  const ok = run.outcome === 'completed' && (run.violations ?? []).length === 0;
  const verdict =
    run.outcome !== 'completed' ? run.outcome : ok ? 'golden path' : `${run.violations!.length} rule(s) broken`;
  const close = run.close
    ? ` · closed ${run.close.code}${run.close.reason ? ` "${esc(run.close.reason)}"` : ''} by ${esc(run.close.by)}`
    : '';
  return [
    `<div class="run ${ok ? 'pass' : 'fail'}">`,
    `<div class="run-head"><span class="badge ${ok ? 'pass' : 'fail'}">${esc(verdict)}</span> <b>${esc(run.client)}</b> <span class="muted">run ${esc(run.runId ?? '?')} · started ${esc(fmtMs(run.timings.toStartedMs))} · completed ${esc(fmtMs(run.timings.toCompletedMs))} · largest gap ${esc(fmtMs(run.timings.largestGapMs))}${close}</span></div>`,
    run.detail ? `<div class="muted">${esc(run.detail)}</div>` : '',
    (run.violations ?? []).map((v) => `<div class="violation">${esc(v)}</div>`).join(''),
    timelineSvg(run, timeouts),
    '</div>',
  ].join('');
}

/** Runs of one test, the ones that did not complete first. */
export function runsBlock(runs: readonly RunRecord[], limit = runs.length, timeouts?: RunTimeouts): string {
  const golden = (r: RunRecord) => Number(r.outcome === 'completed' && (r.violations ?? []).length === 0);
  const sorted = [...runs].sort((a, b) => golden(a) - golden(b));
  const shown = sorted
    .slice(0, limit)
    .map((r) => runBlock(r, timeouts))
    .join('');
  return sorted.length > limit
    ? `${shown}<p class="muted">… ${sorted.length - limit} more runs in summary.json</p>`
    : shown;
}
