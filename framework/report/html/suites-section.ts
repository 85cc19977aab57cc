import { testAnchor } from '../report-anchors.ts';
import type { SuiteSummary, TestSummary } from '../summary.ts';
import { esc, fmtMs } from './escape.ts';

const WORD = { fail: 'failed', blocked: 'blocked', pass: 'passed', skip: 'skipped' } as const;

/**
 * One fold per suite, open where something did not pass: each test's verdict, the line that
 * explains a failure (linked to its card), the reason a check was not applicable.
 */
export function suitesSection(suites: readonly SuiteSummary[]): string {
  return suites
    .map((suite, si) => {
      const counts = (['fail', 'blocked', 'pass', 'skip'] as const)
        .map((v) => [v, suite.tests.filter((t) => t.verdict === v).length] as const)
        .filter(([, n]) => n > 0)
        .map(([v, n]) => `${n} ${WORD[v]}`)
        .join(', ');
      const rows = suite.tests.map((t, ti) => ({ t, row: row(t, testAnchor(si, ti)) }));
      const passed = rows.filter(({ t }) => t.verdict === 'pass').map(({ row }) => row);
      const rest = rows.filter(({ t }) => t.verdict !== 'pass').map(({ row }) => row);
      // In a suite that did not pass, what passed is one more fold: 70 passing header checks would bury the 2 that failed.
      const tables =
        rest.length === 0 || passed.length === 0
          ? `<table class="tests"><tbody>${[...rest, ...passed].join('')}</tbody></table>`
          : `<table class="tests"><tbody>${rest.join('')}</tbody></table><details class="passed-fold"><summary>${passed.length} passed</summary><table class="tests"><tbody>${passed.join('')}</tbody></table></details>`;
      return [
        `<details class="suite ${esc(suite.verdict)}"${suite.verdict === 'pass' || suite.verdict === 'skip' ? '' : ' open'}>`,
        `<summary><span class="badge ${esc(suite.verdict)}">${esc(suite.verdict)}</span> <b>${esc(suite.name)}</b> <span class="muted">${esc(counts || 'no tests')} · ${esc(fmtMs(suite.durationMs))} · ${esc(suite.file)}</span></summary>`,
        tables,
        '</details>',
      ].join('');
    })
    .join('');
}

// A failed test's id is on its card; a blocked test has no card, so its row carries the id the digest links to.
function row(t: TestSummary, anchor: string): string {
  const name = t.verdict === 'fail' ? `<a href="#${anchor}">${esc(t.fullName)}</a>` : esc(t.fullName);
  const why = t.failure ? t.failure.headline : t.note;
  return `<tr class="${esc(t.verdict)}"${t.verdict === 'blocked' ? ` id="${anchor}"` : ''}><td><span class="badge ${esc(t.verdict)}">${esc(t.verdict)}</span></td><td>${name}${why ? `<br><span class="muted">${esc(why)}</span>` : ''}</td><td class="num">${esc(fmtMs(t.durationMs))}</td></tr>`;
}
