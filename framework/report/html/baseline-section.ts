import { baselineHeadline, movedText, noiseText, unchanged, type BaselineChanges } from '../baseline.ts';
import { esc } from './escape.ts';

/**
 * This run against a baseline (the last good run): tests that fail now and did not then, tests
 * fixed since, and load figures that moved beyond their noise, with the direction — or "no change".
 */
export function baselineSection(c: BaselineChanges): string {
  const { name, summary } = c.baseline;
  const head = `<h2 id="baseline">Against the baseline <span class="muted">${esc(name)} · ${esc(summary.startedAt)}</span></h2>`;
  if (unchanged(c))
    return `<section class="baseline">${head}<p class="no-change">${esc(baselineHeadline(c))}</p></section>`;
  const list = (cls: string, title: string, items: string[]) =>
    items.length ? `<h4>${esc(title)} (${items.length})</h4><ul class="${cls}">${items.join('')}</ul>` : '';
  return [
    `<section class="baseline">${head}`,
    list(
      'new-failures',
      'New failures',
      c.newFailures.map((t) => `<li>✗ ${esc(t)}</li>`),
    ),
    list(
      'fixed',
      'Fixed since',
      c.fixed.map((t) => `<li>✓ ${esc(t)}</li>`),
    ),
    list(
      'moved',
      `Moved beyond their noise (${noiseText(c.tolerance)})`,
      c.moved.map((f) => `<li class="${f.verdict}">${esc(movedText(f))}</li>`),
    ),
    '</section>',
  ].join('');
}
