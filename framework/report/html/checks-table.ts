import type { CheckRecord } from '../records.ts';
import { esc, fmtMs } from './escape.ts';

/** Per-check records (Autobahn-style): failed first, each with what was expected and what the target did. */
export function checksTable(checks: readonly CheckRecord[]): string {
  if (checks.length === 0) return '';
  const order = { fail: 0, blocked: 1, pass: 2, not_applicable: 3 } as const;
  const rows = [...checks]
    .sort((a, b) => order[a.verdict] - order[b.verdict])
    .map((c) => {
      const wire = [c.httpStatus !== undefined ? `HTTP ${c.httpStatus}` : '', c.closeCode !== undefined ? `close ${c.closeCode}${c.closeReason ? ` "${c.closeReason}"` : ''}${c.clean === false ? ' (unclean)' : ''}` : '']
        .filter(Boolean)
        .join(', ');
      return `<tr class="check ${esc(c.verdict)}"><td><span class="badge ${esc(c.verdict)}">${esc(c.verdict)}</span></td><td><code class="check-id">${esc(c.id)}</code><br><span class="muted">${esc(c.description)}</span></td><td>${esc(c.expectation)}</td><td class="observed">${esc(c.observed)}${c.note ? `<br><span class="muted">${esc(c.note)}</span>` : ''}</td><td>${esc(wire)}</td><td class="num">${esc(fmtMs(c.durationMs))}</td></tr>`;
    });
  return `<table class="checks"><thead><tr><th>verdict</th><th>check</th><th>expected</th><th>observed</th><th>on the wire</th><th class="num">time</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
