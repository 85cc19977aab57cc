import { appendFileSync } from 'node:fs';
import { baselineHeadline, movedText, type BaselineChanges } from './baseline.ts';
import { alsoText, causeMark, consequenceWhat } from './cause-text.ts';
import { failuresByRule, type RuleFailures } from './failures-by-rule.ts';
import type { LoadRecord } from './records.ts';
import { redactor } from './redactor.ts';
import type { Summary, SuiteSummary } from './summary.ts';

/** Rows a table keeps: a run that broke everything still reads on one page. */
export const STEP_SUMMARY_ROWS = 25;
const CELL_CHARS = 160;

const MARK = { pass: '✓', fail: '✗', skip: '↓', blocked: '⊘' } as const;

/**
 * The run as Markdown for the job's page in GitHub Actions: the verdict, the digest (one row per
 * cause, what followed from it under it), what changed since the baseline when there is one, one
 * row per suite and one row per load run.
 * @example appendFileSync(process.env.GITHUB_STEP_SUMMARY!, stepSummary(summary, 'reports'))
 */
export function stepSummary(s: Summary, reportDir: string, baseline?: BaselineChanges): string {
  const { passed, failed, blocked = 0, skipped } = s.totals;
  const ok =
    failed === 0 &&
    blocked === 0 &&
    !s.interrupted &&
    s.unhandledErrors.length === 0 &&
    (s.merged?.problems.length ?? 0) === 0;
  const where = [
    s.shard && `shard ${s.shard.index}/${s.shard.count}`,
    s.merged && `merged from ${s.merged.shards} shards`,
    s.target.faults && `faults: ${s.target.faults}`,
  ].filter(Boolean);
  const lines = [
    `### ${ok ? '✓' : '✗'} golden-path: ${cell(`${s.target.env} (${s.target.kind})${where.length > 0 ? `, ${where.join(', ')}` : ''}`)}`,
    '',
    `${passed} passed, ${failed} failed, ${blocked ? `${blocked} blocked, ` : ''}${skipped} skipped in ${seconds(s.durationMs)}${s.interrupted ? ' — **interrupted** before its end' : ''} · report: \`${cell(reportDir)}/index.html\``,
    '',
    ...digest(s),
    ...(baseline ? baselineList(baseline) : []),
    ...table(
      ['', 'Suite', 'Tests', 'Time'],
      s.suites.map((x) => [MARK[x.verdict], cell(x.name), counts(x), seconds(x.durationMs)]),
    ),
  ];
  const notes = [
    ...(s.merged?.problems ?? []).map((p) => `- ✗ ${cell(p)}`),
    ...(s.warnings ?? []).map((w) => `- ! ${cell(w)}`),
  ];
  if (notes.length > 0) lines.push('', ...notes);

  const loads = s.suites.flatMap((x) => x.tests.flatMap((t) => t.load));
  if (loads.length > 0) {
    lines.push(
      '',
      '#### Load',
      '',
      ...table(
        ['Load run', 'Model', 'Success', 'p95 handshake', 'p95 completion', 'Thresholds'],
        loads.slice(0, STEP_SUMMARY_ROWS).map(loadRow),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Appends the digest to `$GITHUB_STEP_SUMMARY` when it is set (GitHub Actions sets it per step); returns whether it wrote. */
export function writeStepSummary(
  s: Summary,
  reportDir: string,
  env: NodeJS.ProcessEnv = process.env,
  baseline?: BaselineChanges,
): boolean {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  appendFileSync(file, `${redactor.redact(stepSummary(s, reportDir, baseline))}\n`);
  return true;
}

// The digest first: one row per cause, what followed from it in rows under it.
function digest(s: Summary): string[] {
  const causes = failuresByRule(s);
  if (causes.length === 0) return [];
  const rows = causes
    .slice(0, STEP_SUMMARY_ROWS)
    .flatMap((c) => [
      [
        causeMark(c),
        `${cause(c)}${c.also.length > 0 ? ` · ${cell(alsoText(c))}` : ''}`,
        c.kind === 'preflight' ? `${c.count} blocked` : String(c.count),
        cell(c.suites.join(', ')),
        cell(c.firstIn),
      ],
      ...c.consequences.map((k) => [
        '↳',
        cell(consequenceWhat(k)),
        String(k.count),
        cell(k.suites.join(', ')),
        cell(k.first.where),
      ]),
    ]);
  if (causes.length > STEP_SUMMARY_ROWS)
    rows.push(['', `… ${causes.length - STEP_SUMMARY_ROWS} more causes in index.html`, '', '', '']);
  return [
    '#### What broke, most telling first',
    '',
    ...table(['', 'Cause', 'Tests', 'Suites', 'First seen in'], rows),
    '',
  ];
}

// The page's "Against the baseline" as a list.
function baselineList(c: BaselineChanges): string[] {
  const items = [
    ...c.newFailures.map((t) => `- ✗ new failure: ${cell(t)}`),
    ...c.fixed.map((t) => `- ✓ fixed: ${cell(t)}`),
    ...c.moved.map((f) => `- ${cell(movedText(f))}`),
  ];
  const more = items.length > STEP_SUMMARY_ROWS ? [`- … ${items.length - STEP_SUMMARY_ROWS} more in index.html`] : [];
  return [
    `#### Against the baseline \`${cell(c.baseline.name)}\`: ${cell(baselineHeadline(c))}`,
    '',
    ...items.slice(0, STEP_SUMMARY_ROWS),
    ...more,
    ...(items.length > 0 ? [''] : []),
  ];
}

// The digest's text (cause-text.ts), with the rule as code.
function cause(r: RuleFailures): string {
  return r.kind === 'preflight'
    ? `${r.count} blocked by \`${cell(r.rule)}\`: ${cell(r.detail)}`
    : `\`${cell(r.rule)}\` ${cell(r.detail)}`;
}

function loadRow(load: LoadRecord): string[] {
  const p95 = (figure: string): string => {
    const p = load.percentiles[figure];
    return p && p.count > 0 ? `${p.p95.toFixed(1)} ms` : '—';
  };
  const success = load.verdicts.find((v) => v.name === 'success rate');
  const missed = load.verdicts.filter((v) => !v.pass).map((v) => v.name);
  const verdict =
    load.verdicts.length === 0
      ? '—'
      : missed.length === 0
        ? `✓ all ${load.verdicts.length} met`
        : `✗ ${cell(missed.join(', '))}`;
  return [
    cell(load.name),
    load.model,
    success ? `${(success.measured * 100).toFixed(1)} %` : '—',
    p95('handshake'),
    p95('completion'),
    verdict,
  ];
}

function counts(suite: SuiteSummary): string {
  const n = (v: SuiteSummary['verdict']) => suite.tests.filter((t) => t.verdict === v).length;
  const parts = [
    [n('fail'), 'failed'],
    [n('blocked'), 'blocked'],
    [n('pass'), 'passed'],
    [n('skip'), 'skipped'],
  ] as const;
  return (
    parts
      .filter(([k]) => k > 0)
      .map(([k, word]) => `${k} ${word}`)
      .join(', ') || 'no tests'
  );
}

function table(head: string[], rows: string[][]): string[] {
  const numeric = (h: string) => /^(Tests|Time|Success|p95)/.test(h);
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map((h) => (numeric(h) ? '---:' : '---')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

// Text from the target ends up here: one line, no table breaks, no HTML, bounded.
function cell(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const clipped = flat.length > CELL_CHARS ? `${flat.slice(0, CELL_CHARS - 1)}…` : flat;
  return clipped
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/`/g, "'");
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
