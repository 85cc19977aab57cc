import type { LoadStats } from './load-stats.ts';
import { LOAD_FIGURES } from './user-outcome.ts';

/** The percentile table of a load run, one line per figure, in ms. */
export function percentileTable(stats: LoadStats): string {
  const p = stats.percentiles();
  const head = `${'figure (ms)'.padEnd(13)}${['count', 'p50', 'p90', 'p95', 'p99', 'max', 'mean'].map((h) => h.padStart(9)).join('')}`;
  const rows = LOAD_FIGURES.map((f) => {
    const q = p[f];
    const cells = [String(q.count), ...[q.p50, q.p90, q.p95, q.p99, q.max, q.mean].map((v) => v.toFixed(1))];
    return `${f.padEnd(13)}${cells.map((c) => c.padStart(9)).join('')}`;
  });
  return [head, ...rows].join('\n');
}

/** `ok 290 · handshake_failed 10 (HTTP 503 ×10) · close codes 1000 ×290`. */
export function outcomeLine(stats: LoadStats): string {
  const statuses = [...stats.statuses]
    .sort((a, b) => b[1] - a[1])
    .map(([s, n]) => `${s} ${n}`)
    .join(' · ');
  const refusals = [...stats.handshakeFailures]
    .map(([k, n]) => `${/^\d+$/.test(k) ? `HTTP ${k}` : k} ×${n}`)
    .join(', ');
  const closes = [...stats.closeCodes]
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c} ×${n}`)
    .join(', ');
  return `${stats.planned} planned: ${statuses || 'none finished'}${refusals ? ` (handshake failures: ${refusals})` : ''}; close codes: ${closes || 'none'}; ${stats.frames} frames received`;
}
