import { alsoText, causeMark, causeReach, causeText, consequenceText } from '../cause-text.ts';
import type { RuleFailures } from '../failures-by-rule.ts';
import { causeAnchor } from '../report-anchors.ts';
import type { Summary } from '../summary.ts';
import { esc } from './escape.ts';

/**
 * The top of the page: one line per cause, most telling first, each with how far it reached, what
 * followed from it and a link to where it was seen first — the same digest as the terminal's.
 */
export function digestSection(s: Summary, causes: readonly RuleFailures[]): string {
  if (causes.length === 0) {
    const t = s.totals;
    const ok = !s.interrupted && t.failed === 0 && (t.blocked ?? 0) === 0;
    return `<section id="digest" class="digest"><p class="all-good">${ok ? `✓ Nothing broke: ${t.passed} test${t.passed === 1 ? '' : 's'} passed${t.skipped ? `, ${t.skipped} not applicable or skipped` : ''}.` : 'No failure recorded, but the run did not pass (see below).'}</p></section>`;
  }
  const items = causes.map((c, i) => {
    const first = c.anchor ? ` ${firstLink(c.anchor, c.firstIn)}` : '';
    const consequences = c.consequences.map(
      (k) => `<li>↳ ${esc(consequenceText(k))} ${firstLink(k.first.anchor, k.first.where)}</li>`,
    );
    return [
      `<li class="cause ${esc(c.kind)}" id="${causeAnchor(i)}">`,
      `<span class="mark">${causeMark(c)}</span> <b class="what">${esc(causeText(c))}</b>`,
      [causeReach(c), alsoText(c)]
        .filter(Boolean)
        .map((t) => ` <span class="reach">— ${esc(t)}</span>`)
        .join(''),
      first,
      consequences.length ? `<ul class="consequences">${consequences.join('')}</ul>` : '',
      '</li>',
    ].join('');
  });
  return `<section id="digest" class="digest"><h2>What broke <span class="muted">(${causes.length} cause${causes.length === 1 ? '' : 's'}, most telling first)</span></h2><ol>${items.join('')}</ol></section>`;
}

// The link names where; a long test name is clipped in the text and whole in the tooltip.
function firstLink(anchor: string, where: string): string {
  const text = where.length > 90 ? `${where.slice(0, 89)}…` : where;
  return `<a class="first" href="#${esc(anchor)}" title="${esc(where)}">first: ${esc(text)}</a>`;
}
