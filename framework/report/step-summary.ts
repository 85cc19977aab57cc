import { appendFileSync } from 'node:fs';
import { failuresByRule } from './failures-by-rule.ts';
import type { LoadRecord } from './records.ts';
import { redactor } from './redactor.ts';
import type { Summary, SuiteSummary } from './summary.ts';

/** Rows a table keeps: a run that broke everything still reads on one page. */
export const STEP_SUMMARY_ROWS = 25;
const CELL_CHARS = 160;

const MARK = { pass: '✓', fail: '✗', skip: '↓', blocked: '⊘' } as const;

/**
 * The run as Markdown for the job's page in GitHub Actions: the verdict, one row per suite, the
 * failures grouped by rule and one row per load run.
 * @example appendFileSync(process.env.GITHUB_STEP_SUMMARY!, stepSummary(summary, 'reports'))
 */
export function stepSummary(s: Summary, reportDir: string): string {
  const { passed, failed, blocked = 0, skipped } = s.totals;
  const ok = failed === 0 && blocked === 0 && !s.interrupted && s.unhandledErrors.length === 0 && (s.merged?.problems.length ?? 0) === 0;
  const where = [s.shard && `shard ${s.shard.index}/${s.shard.count}`, s.merged && `merged from ${s.merged.shards} shards`, s.target.faults && `faults: ${s.target.faults}`].filter(Boolean);
  const lines = [
    `### ${ok ? '✓' : '✗'} golden-path: ${cell(`${s.target.env} (${s.target.kind})${where.length > 0 ? `, ${where.join(', ')}` : ''}`)}`,
    '',
    `${passed} passed, ${failed} failed, ${blocked ? `${blocked} blocked, ` : ''}${skipped} skipped in ${seconds(s.durationMs)}${s.interrupted ? ' — **interrupted** before its end' : ''} · report: \`${cell(reportDir)}/index.html\``,
    '',
    ...table(['', 'Suite', 'Tests', 'Time'], s.suites.map((x) => [MARK[x.verdict], cell(x.name), counts(x), seconds(x.durationMs)])),
  ];
  const notes = [
    ...(s.blockers ?? []).map((b) => `- ⊘ ${b.blocked} blocked by \`${cell(b.id)}\`: ${cell(b.diagnosis)}`),
    ...(s.merged?.problems ?? []).map((p) => `- ✗ ${cell(p)}`),
    ...(s.warnings ?? []).map((w) => `- ! ${cell(w)}`),
  ];
  if (notes.length > 0) lines.push('', ...notes);

  const rules = failuresByRule(s);
  if (rules.length > 0) {
    const rows = rules.slice(0, STEP_SUMMARY_ROWS).map((r) => [`\`${cell(r.rule)}\``, String(r.count), cell(r.firstIn), cell(r.detail)]);
    if (rules.length > STEP_SUMMARY_ROWS) rows.push([`… ${rules.length - STEP_SUMMARY_ROWS} more`, '', '', '']);
    lines.push('', '#### Failures by rule', '', ...table(['Rule', 'Count', 'First seen in', 'What broke'], rows));
  }

  const loads = s.suites.flatMap((x) => x.tests.flatMap((t) => t.load));
  if (loads.length > 0) {
    lines.push('', '#### Load', '', ...table(['Load run', 'Model', 'Success', 'p95 handshake', 'p95 completion', 'Thresholds'], loads.slice(0, STEP_SUMMARY_ROWS).map(loadRow)));
  }
  return `${lines.join('\n')}\n`;
}

/** Appends the digest to `$GITHUB_STEP_SUMMARY` when it is set (GitHub Actions sets it per step); returns whether it wrote. */
export function writeStepSummary(s: Summary, reportDir: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  appendFileSync(file, `${redactor.redact(stepSummary(s, reportDir))}\n`);
  return true;
}

function loadRow(load: LoadRecord): string[] {
  const p95 = (figure: string): string => {
    const p = load.percentiles[figure];
    return p && p.count > 0 ? `${p.p95.toFixed(1)} ms` : '—';
  };
  const success = load.verdicts.find((v) => v.name === 'success rate');
  const missed = load.verdicts.filter((v) => !v.pass).map((v) => v.name);
  const verdict = load.verdicts.length === 0 ? '—' : missed.length === 0 ? `✓ all ${load.verdicts.length} met` : `✗ ${cell(missed.join(', '))}`;
  return [cell(load.name), load.model, success ? `${(success.measured * 100).toFixed(1)} %` : '—', p95('handshake'), p95('completion'), verdict];
}

function counts(suite: SuiteSummary): string {
  const n = (v: SuiteSummary['verdict']) => suite.tests.filter((t) => t.verdict === v).length;
  const parts = [[n('fail'), 'failed'], [n('blocked'), 'blocked'], [n('pass'), 'passed'], [n('skip'), 'skipped']] as const;
  return parts.filter(([k]) => k > 0).map(([k, word]) => `${k} ${word}`).join(', ') || 'no tests';
}

function table(head: string[], rows: string[][]): string[] {
  const numeric = (h: string) => /^(Count|Time|Success|p95)/.test(h);
  return [`| ${head.join(' | ')} |`, `|${head.map((h) => (numeric(h) ? '---:' : '---')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

// Text from the target ends up here: one line, no table breaks, no HTML, bounded.
function cell(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const clipped = flat.length > CELL_CHARS ? `${flat.slice(0, CELL_CHARS - 1)}…` : flat;
  return clipped.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/`/g, "'");
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
