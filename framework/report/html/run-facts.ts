import type { Summary } from '../summary.ts';
import { esc, fmtMs } from './escape.ts';

/** What ran against what: target, versions seen, faults switched on, when; and the warnings the reader must see. */
export function runFacts(s: Summary): string {
  const v = s.versions;
  const versions = [
    v.backend ? `backend ${v.backend.version ?? '?'}${v.backend.commit ? ` (${v.backend.commit})` : ''}` : '',
    v.auth ? `auth ${v.auth.version ?? '?'}` : '',
    v.websocket
      ? `websocket ${v.websocket.status ?? '?'}${v.websocket.subprotocols ? ` [${v.websocket.subprotocols.join(', ')}]` : ''}`
      : '',
  ].filter(Boolean);
  return [
    ...(s.warnings ?? []).map((w) => `<div class="warning"><b>! not checked</b> ${esc(w)}</div>`),
    '<table class="meta"><tbody>',
    row(
      'target',
      `${s.target.env} (${s.target.kind})${s.shard ? ` · shard ${s.shard.index}/${s.shard.count}` : ''}${s.merged ? ` · merged from ${s.merged.shards} shards` : ''}`,
    ),
    s.merged?.problems.length ? row('shard problems', s.merged.problems.join('; ')) : '',
    row('websocket', s.target.wsUrl ?? '—'),
    row('versions seen', versions.join(' · ') || '—'),
    v.errors.length ? row('health problems', v.errors.join('; ')) : '',
    s.target.faults ? row('faults switched on', s.target.faults) : '',
    row('started', `${s.startedAt} (finished ${s.finishedAt})`),
    '</tbody></table>',
  ].join('');
}

/** The thresholds and timeouts the run was judged by, and the close codes it saw; folded. */
export function settings(s: Summary): string {
  const th = s.thresholds;
  const codes =
    Object.entries(s.closeCodes)
      .map(([c, n]) => `${c} × ${n}`)
      .join(', ') || '—';
  if (!th)
    return `<details id="settings"><summary>Settings</summary><p class="muted">configuration not available</p></details>`;
  return [
    '<details id="settings"><summary>Settings and totals</summary><table class="meta"><tbody>',
    row('close codes seen', codes),
    row('latency budget', fmtMs(th.latencyBudgetMs)),
    row(
      'timeouts',
      `handshake ${fmtMs(th.timeouts.handshakeMs)} · event ${fmtMs(th.timeouts.eventMs)} · run ${fmtMs(th.timeouts.runMs)}`,
    ),
    row('keepalive bound', fmtMs(th.keepaliveMs)),
    row(
      'load',
      `${th.load.users} users, ${th.load.concurrency} at once · ${th.load.rate}/s for ${th.load.durationS} s`,
    ),
    row(
      'load thresholds',
      `success ≥ ${th.load.minSuccessRate} · mean handshake ≤ ${fmtMs(th.load.maxMeanHandshakeMs)} · p95 handshake ≤ ${fmtMs(th.load.maxP95HandshakeMs)} · p95 completion ≤ ${fmtMs(th.load.maxP95CompletionMs)} · 1011 rate ≤ ${th.load.max1011Rate}`,
    ),
    '</tbody></table></details>',
  ].join('');
}

function row(name: string, value: string): string {
  return `<tr><td>${esc(name)}</td><td>${esc(value)}</td></tr>`;
}
