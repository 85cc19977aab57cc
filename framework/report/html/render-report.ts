import type { Summary, SuiteSummary, TestSummary } from '../summary.ts';
import { checksTable } from './checks-table.ts';
import { esc, fmtMs } from './escape.ts';
import { loadBlock } from './load-section.ts';
import { PAGE_STYLE } from './page-style.ts';
import { runsBlock } from './runs-block.ts';

const MAX_PASSING_RUNS_PER_TEST = 3;

/**
 * The HTML report: one self-contained file (inline CSS and SVG, no script, no network).
 * Failures come first with their evidence; then every golden-path run as a timeline, every
 * load run as histograms and a percentile table, the per-check records and the run's settings.
 */
export function renderReport(s: Summary): string {
  const failed = s.suites.flatMap((suite) => [
    ...(suite.error ? [{ suite, test: undefined }] : []),
    ...suite.tests.filter((t) => t.verdict === 'fail').map((test) => ({ suite, test })),
  ]);
  const loads = s.suites.flatMap((suite) => suite.tests.flatMap((t) => t.load.map((l) => ({ suite, test: t, load: l }))));
  // The golden-path suite's runs first: they are the story the rest of the suites vary.
  const withRuns = [...s.suites]
    .sort((a, b) => Number(b.name === 'golden-path') - Number(a.name === 'golden-path'))
    .flatMap((suite) => suite.tests.filter((t) => t.verdict !== 'fail' && t.runs.length > 0).map((test) => ({ suite, test })));
  const checks = s.suites.flatMap((suite) => suite.tests.flatMap((t) => t.checks));
  const verdict = s.interrupted || s.totals.failed > 0 || (s.totals.blocked ?? 0) > 0 ? 'fail' : 'pass';
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:">',
    `<title>golden-path report: ${esc(verdict.toUpperCase())} · ${esc(s.target.env)}</title><style>${PAGE_STYLE}</style></head><body>`,
    header(s, verdict),
    `<nav>${failed.length ? '<a href="#failures">Failures</a>' : ''}<a href="#suites">Suites</a>${withRuns.length ? '<a href="#runs">Runs</a>' : ''}${loads.length ? '<a href="#load">Load</a>' : ''}${checks.length ? '<a href="#checks">Checks</a>' : ''}<a href="#settings">Settings</a></nav>`,
    failed.length ? `<h2 id="failures">Failures (${failed.length})</h2>${failed.map(({ suite, test }) => failureBlock(suite, test)).join('')}` : '',
    `<h2 id="suites">Suites</h2>${suitesTable(s.suites)}`,
    withRuns.length ? `<h2 id="runs">Golden-path runs</h2>${withRuns.map(({ suite, test }) => `<h3>${esc(suite.name)} › ${esc(test.fullName)}</h3>${runsBlock(test.runs, MAX_PASSING_RUNS_PER_TEST)}`).join('')}` : '',
    loads.length ? `<h2 id="load">Load runs</h2>${loads.map(({ suite, test, load }) => loadBlock(load, `${suite.name} › ${test.name}`)).join('')}` : '',
    checks.length ? `<h2 id="checks">Checks (${checks.filter((c) => c.verdict === 'fail').length} failed of ${checks.length})</h2>${checksTable(checks)}` : '',
    settings(s),
    s.unhandledErrors.length ? `<h2>Errors outside tests</h2>${s.unhandledErrors.map((e) => `<pre class="evidence">${esc(e)}</pre>`).join('')}` : '',
    '</body></html>\n',
  ].join('\n');
}

function header(s: Summary, verdict: string): string {
  const v = s.versions;
  const versions = [
    v.backend ? `backend ${v.backend.version ?? '?'}${v.backend.commit ? ` (${v.backend.commit})` : ''}` : '',
    v.auth ? `auth ${v.auth.version ?? '?'}` : '',
    v.websocket ? `websocket ${v.websocket.status ?? '?'}${v.websocket.subprotocols ? ` [${v.websocket.subprotocols.join(', ')}]` : ''}` : '',
  ].filter(Boolean);
  const t = s.totals;
  return [
    `<h1>golden-path report</h1>`,
    `<div class="verdict-banner"><span class="badge ${verdict}">${verdict.toUpperCase()}</span> ${t.passed} passed · ${t.failed} failed · ${t.blocked ?? 0} blocked · ${t.skipped} skipped in ${t.suites} suites · ${esc(fmtMs(s.durationMs))}</div>`,
    ...(s.blockers ?? []).map((b) => `<div class="failure"><div class="headline">⊘ ${b.blocked} blocked by ${esc(b.id)}</div>${esc(b.diagnosis)}</div>`),
    ...(s.warnings ?? []).map((w) => `<div class="failure"><div class="headline">! not checked</div>${esc(w)}</div>`),
    '<table class="meta"><tbody>',
    row('target', `${s.target.env} (${s.target.kind})${s.shard ? ` · shard ${s.shard.index}/${s.shard.count}` : ''}${s.merged ? ` · merged from ${s.merged.shards} shards` : ''}`),
    s.merged?.problems.length ? row('shard problems', s.merged.problems.join('; ')) : '',
    row('websocket', s.target.wsUrl ?? '—'),
    row('versions seen', versions.join(' · ') || '—'),
    v.errors.length ? row('health problems', v.errors.join('; ')) : '',
    s.target.faults ? row('faults switched on', s.target.faults) : '',
    row('started', `${s.startedAt} (finished ${s.finishedAt})`),
    '</tbody></table>',
  ].join('');
}

function failureBlock(suite: SuiteSummary, test: TestSummary | undefined): string {
  const failure = test ? test.failure : suite.error;
  const failedChecks = test?.checks.filter((c) => c.verdict === 'fail') ?? [];
  return [
    `<section class="failure"><h3><span class="badge fail">fail</span> ${esc(suite.name)} › ${esc(test ? test.fullName : '(suite setup)')}</h3>`,
    `<p class="headline">${esc(failure?.headline ?? 'failed without a message')}</p>`,
    failedChecks.length ? `<h4>Failed checks</h4>${checksTable(failedChecks)}` : '',
    test?.runs.length ? `<h4>Runs</h4>${runsBlock(test.runs)}` : '',
    test?.load.length ? test.load.map((l) => loadBlock(l)).join('') : '',
    failure ? `<h4>Evidence</h4><pre class="evidence">${esc(failure.message)}</pre>` : '',
    '</section>',
  ].join('');
}

function suitesTable(suites: readonly SuiteSummary[]): string {
  const rows = suites.flatMap((suite) => [
    `<tr class="suite ${suite.verdict}"><td><span class="badge ${suite.verdict}">${suite.verdict}</span></td><td><b>${esc(suite.name)}</b> <span class="muted">${esc(suite.file)}</span></td><td class="num">${esc(fmtMs(suite.durationMs))}</td></tr>`,
    ...suite.tests.map((t) => `<tr class="${t.verdict}"><td></td><td><span class="badge ${t.verdict}">${t.verdict}</span> ${esc(t.fullName)}${t.failure ? `<br><span class="muted">${esc(t.failure.headline)}</span>` : ''}</td><td class="num">${esc(fmtMs(t.durationMs))}</td></tr>`),
  ]);
  return `<table class="suites"><tbody>${rows.join('')}</tbody></table>`;
}

function settings(s: Summary): string {
  const th = s.thresholds;
  const codes = Object.entries(s.closeCodes).map(([c, n]) => `${c} × ${n}`).join(', ') || '—';
  if (!th) return `<h2 id="settings">Settings</h2><p class="muted">configuration not available</p>`;
  return [
    '<h2 id="settings">Settings and totals</h2><table class="meta"><tbody>',
    row('close codes seen', codes),
    row('latency budget', fmtMs(th.latencyBudgetMs)),
    row('timeouts', `handshake ${fmtMs(th.timeouts.handshakeMs)} · event ${fmtMs(th.timeouts.eventMs)} · run ${fmtMs(th.timeouts.runMs)}`),
    row('keepalive bound', fmtMs(th.keepaliveMs)),
    row('load', `${th.load.users} users, ${th.load.concurrency} at once · ${th.load.rate}/s for ${th.load.durationS} s`),
    row('load thresholds', `success ≥ ${th.load.minSuccessRate} · mean handshake ≤ ${fmtMs(th.load.maxMeanHandshakeMs)} · p95 handshake ≤ ${fmtMs(th.load.maxP95HandshakeMs)} · p95 completion ≤ ${fmtMs(th.load.maxP95CompletionMs)} · 1011 rate ≤ ${th.load.max1011Rate}`),
    '</tbody></table>',
  ].join('');
}

function row(name: string, value: string): string {
  return `<tr><td>${esc(name)}</td><td>${esc(value)}</td></tr>`;
}
