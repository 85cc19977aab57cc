import type { CheckRecord } from '../records.ts';
import { esc, fmtMs } from './escape.ts';

/** Longer observed values (a whole frame, a response body) fold after their start: the table stays one page wide and short. */
const OBSERVED_SHOWN_CHARS = 160;

/** Per-check records (Autobahn-style): failed first, each with what was expected and what the target did. */
export function checksTable(checks: readonly CheckRecord[]): string {
  if (checks.length === 0) return '';
  const order = { fail: 0, blocked: 1, pass: 2, not_applicable: 3 } as const;
  const rows = [...checks]
    .sort((a, b) => order[a.verdict] - order[b.verdict])
    .map((c) => {
      const wire = [
        c.httpStatus !== undefined ? `HTTP ${c.httpStatus}` : '',
        c.closeCode !== undefined
          ? `close ${c.closeCode}${c.closeReason ? ` "${c.closeReason}"` : ''}${c.clean === false ? ' (unclean)' : ''}`
          : '',
      ]
        .filter(Boolean)
        .join(', ');
      return `<tr class="check ${esc(c.verdict)}"><td><span class="badge ${esc(c.verdict)}">${esc(c.verdict === 'not_applicable' ? 'n.a.' : c.verdict)}</span></td><td><code class="check-id">${esc(c.id)}</code><br><span class="muted">${esc(c.description)}</span></td><td>${esc(c.expectation)}</td><td class="observed">${folded(c.observed)}${c.note ? `<br><span class="muted">${folded(c.note)}</span>` : ''}</td><td>${esc(wire)}</td><td class="num">${esc(fmtMs(c.durationMs))}</td></tr>`;
    });
  const cols = ['verdict', 'check', 'expected', 'observed', 'wire', 'time'].map((c) => `<col class="c-${c}">`).join('');
  return `<table class="checks"><colgroup>${cols}</colgroup><thead><tr><th>verdict</th><th>check</th><th>expected</th><th>observed</th><th>on the wire</th><th class="num">time</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

// No script: a <details> whose summary is the value's start, the whole value inside.
function folded(text: string): string {
  if (text.length <= OBSERVED_SHOWN_CHARS && !text.includes('\n')) return esc(text);
  const start = text.slice(0, OBSERVED_SHOWN_CHARS).split('\n')[0]!;
  return `<details class="long"><summary>${esc(start)}… <span class="muted">(${text.length} chars)</span></summary><div class="full">${esc(text)}</div></details>`;
}
