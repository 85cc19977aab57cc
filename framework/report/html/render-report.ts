import { failuresByRule, type RuleFailures } from '../failures-by-rule.ts';
import { causeAnchor, suiteErrorAnchor, testAnchor } from '../report-anchors.ts';
import type { Summary, SuiteSummary, TestSummary } from '../summary.ts';
import type { BaselineChanges } from '../baseline.ts';
import { baselineSection } from './baseline-section.ts';
import { checksTable } from './checks-table.ts';
import { digestSection } from './digest-section.ts';
import { esc, fmtMs } from './escape.ts';
import { failureCard, type CardCause } from './failure-card.ts';
import { loadFold } from './load-section.ts';
import { PAGE_STYLE } from './page-style.ts';
import { runFacts, settings } from './run-facts.ts';
import { runsBlock } from './runs-block.ts';
import { suitesSection } from './suites-section.ts';
import type { RunTimeouts } from './timeline-svg.ts';

const MAX_PASSING_RUNS_PER_TEST = 3;

/**
 * The HTML report: one self-contained file (inline CSS and SVG, no script, no network), read as a
 * triage page. The digest first (one line per cause, most telling first, linked to where it was
 * seen); this run against a baseline when one is given; then each failure as a card, in the
 * digest's order, the first of each cause open; then, folded with <details>, the suites, every
 * golden-path run as a timeline, every load run, the per-check records and the run's settings.
 */
export function renderReport(s: Summary, options: { baseline?: BaselineChanges | undefined } = {}): string {
  const causes = failuresByRule(s);
  const cards = failureCards(s, causes);
  // The golden-path suite's runs first: they are the story the rest of the suites vary.
  const withRuns = [...s.suites]
    .sort((a, b) => Number(b.name === 'golden-path') - Number(a.name === 'golden-path'))
    .map((suite) => ({ suite, tests: suite.tests.filter((t) => t.verdict !== 'fail' && t.runs.length > 0) }))
    .filter(({ tests }) => tests.length > 0);
  const loads = s.suites.flatMap((suite) =>
    suite.tests.flatMap((t) => t.load.map((l) => loadFold(l, `${suite.name} › ${t.name}`))),
  );
  const checks = s.suites.flatMap((suite) => suite.tests.flatMap((t) => t.checks));
  const verdict = s.interrupted || s.totals.failed > 0 || (s.totals.blocked ?? 0) > 0 ? 'fail' : 'pass';
  const t = s.totals;
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:">',
    `<title>golden-path report: ${esc(verdict.toUpperCase())} · ${esc(s.target.env)}</title><style>${PAGE_STYLE}</style></head><body>`,
    `<h1>golden-path report <span class="muted">${esc(s.target.env)} (${esc(s.target.kind)})${s.target.faults ? ` · faults: ${esc(s.target.faults)}` : ''}</span></h1>`,
    `<div class="verdict-banner"><span class="badge ${verdict}">${verdict.toUpperCase()}</span> ${t.passed} passed · ${t.failed} failed · ${t.blocked ?? 0} blocked · ${t.skipped} skipped in ${t.suites} suites · ${esc(fmtMs(s.durationMs))}${s.interrupted ? ' · <b>interrupted</b> before its end' : ''}</div>`,
    digestSection(s, causes),
    options.baseline ? baselineSection(options.baseline) : '',
    runFacts(s),
    `<nav>${cards.length ? '<a href="#failures">Failures</a>' : ''}<a href="#suites">Suites</a>${withRuns.length ? '<a href="#runs">Runs</a>' : ''}${loads.length ? '<a href="#load">Load</a>' : ''}${checks.length ? '<a href="#checks">Checks</a>' : ''}<a href="#settings">Settings</a></nav>`,
    cards.length ? `<h2 id="failures">Failures (${cards.length}), in the digest's order</h2>${cards.join('')}` : '',
    `<h2 id="suites">Suites</h2>${suitesSection(s.suites)}`,
    withRuns.length
      ? `<h2 id="runs">Golden-path runs</h2>${withRuns.map(({ suite, tests }) => runsFold(suite, tests, timeoutsOf(s))).join('')}`
      : '',
    loads.length ? `<h2 id="load">Load runs</h2>${loads.join('')}` : '',
    checks.length
      ? `<h2 id="checks">Checks</h2><details class="checks-fold"><summary>${esc(checkCounts(checks))}</summary>${checksTable(checks)}</details>`
      : '',
    `<h2>Settings</h2>${settings(s)}`,
    s.unhandledErrors.length
      ? `<h2>Errors outside tests</h2>${s.unhandledErrors.map((e) => `<pre class="evidence">${esc(e)}</pre>`).join('')}`
      : '',
    '</body></html>\n',
  ].join('\n');
}

// Each cause's failures together, in the digest's order: its own first, then those that follow from it.
function failureCards(s: Summary, causes: readonly RuleFailures[]): string[] {
  const failed = new Map<string, { suite: SuiteSummary; test: TestSummary | undefined }>();
  s.suites.forEach((suite, si) => {
    if (suite.error) failed.set(suiteErrorAnchor(si), { suite, test: undefined });
    suite.tests.forEach((test, ti) => test.verdict === 'fail' && failed.set(testAnchor(si, ti), { suite, test }));
  });
  const cards: string[] = [];
  const timeouts = timeoutsOf(s);
  const take = (anchor: string, cause?: CardCause, open = true) => {
    const f = failed.get(anchor);
    if (!f) return;
    failed.delete(anchor);
    cards.push(failureCard({ anchor, ...f, cause, timeouts, open }));
  };
  // The first failure of a cause is open, with its evidence; the ones that repeat it, or follow from it, are a click away.
  causes.forEach((c, index) => {
    c.anchors.forEach((anchor, i) => take(anchor, { index, anchor: causeAnchor(index), consequence: false }, i === 0));
    for (const anchor of c.consequences.flatMap((k) => k.anchors))
      take(anchor, { index, anchor: causeAnchor(index), consequence: true }, false);
  });
  for (const anchor of [...failed.keys()]) take(anchor);
  return cards;
}

function timeoutsOf(s: Summary): RunTimeouts | undefined {
  return s.thresholds && { eventMs: s.thresholds.timeouts.eventMs, runMs: s.thresholds.timeouts.runMs };
}

function runsFold(suite: SuiteSummary, tests: readonly TestSummary[], timeouts: RunTimeouts | undefined): string {
  const runs = tests.reduce((n, t) => n + t.runs.length, 0);
  const body = tests
    .map((t) => `<h3>${esc(t.fullName)}</h3>${runsBlock(t.runs, MAX_PASSING_RUNS_PER_TEST, timeouts)}`)
    .join('');
  return `<details class="runs-fold"><summary><b>${esc(suite.name)}</b> <span class="muted">${runs} run${runs === 1 ? '' : 's'} in ${tests.length} test${tests.length === 1 ? '' : 's'}</span></summary>${body}</details>`;
}

function checkCounts(checks: readonly { verdict: string }[]): string {
  const n = (v: string) => checks.filter((c) => c.verdict === v).length;
  const parts = [
    [n('fail'), 'failed'],
    [n('blocked'), 'blocked'],
    [n('pass'), 'passed'],
    [n('not_applicable'), 'not applicable'],
  ] as const;
  return `${checks.length} checks: ${parts
    .filter(([k]) => k > 0)
    .map(([k, w]) => `${k} ${w}`)
    .join(', ')}`;
}
