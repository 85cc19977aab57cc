import { baselineHeadline, movedText, type BaselineChanges } from './baseline.ts';
import { causeLine, consequenceText } from './cause-text.ts';
import { failuresByRule } from './failures-by-rule.ts';
import type { Summary } from './summary.ts';

const MARK = { pass: '✓', fail: '✗', skip: '↓', blocked: '⊘' } as const;

const WORD = { pass: 'passed', fail: 'failed', blocked: 'blocked', skip: 'skipped' } as const;

/** Causes the terminal lists; the rest are in index.html. */
const TERMINAL_CAUSES = 12;
/** Reasons for checks not applicable the terminal lists; the rest are in index.html. */
const TERMINAL_REASONS = 8;
/** Changes since the baseline the terminal lists; the rest are in index.html. */
const TERMINAL_CHANGES = 8;

export interface TerminalOptions {
  /** E2E_VERBOSE: every recorded run's events with their times. */
  verbose?: boolean;
  /** This run against the baseline (E2E_BASELINE), listed after the digest. */
  baseline?: BaselineChanges | undefined;
}

/**
 * The lines printed at the end of `npm run e2e`: one per suite with each failure and the line that
 * explains it, then the digest (what broke, one line per cause, most telling first) and what
 * changed since the baseline as the last screen.
 */
export function terminalSummary(
  s: Summary,
  reportDir: string,
  { verbose = false, baseline }: TerminalOptions = {},
): string {
  const width = Math.max(12, ...s.suites.map((x) => x.name.length));
  const lines = [
    `golden-path: ${s.target.env} (${s.target.kind})${s.target.faults ? `, faults: ${s.target.faults}` : ''}`,
  ];
  for (const suite of s.suites) {
    const counts = (['fail', 'blocked', 'pass', 'skip'] as const)
      .map((v) => [v, suite.tests.filter((t) => t.verdict === v).length] as const)
      .filter(([, n]) => n > 0)
      .map(([v, n]) => `${n} ${WORD[v]}`)
      .join(', ');
    lines.push(
      `  ${MARK[suite.verdict]} ${suite.name.padEnd(width)}  ${(counts || 'no tests').padEnd(28)} ${(suite.durationMs / 1000).toFixed(1)} s`,
    );
    if (suite.error) lines.push(`      ✗ (suite) — ${suite.error.headline}`);
    for (const t of suite.tests) {
      if (t.failure && t.verdict !== 'blocked') lines.push(`      ✗ ${t.name} — ${t.failure.headline}`);
      if (!verbose) continue;
      for (const run of t.runs) {
        const events = run.events.map((e) => `${e.type} ${e.atMs.toFixed(1)}`).join(' · ');
        lines.push(`        ${run.client} ${run.runId ?? '?'} (${run.outcome}): ${events} ms`);
      }
    }
  }
  // Each block opens with a blank line; the digest also closes with one.
  const notApplicable = notApplicableLines(s);
  const digest = digestLines(s);
  lines.push(...notApplicable, ...digest);
  if (notApplicable.length > 0 && digest.length === 0) lines.push('');
  if (baseline) lines.push(...baselineLines(baseline));
  for (const w of s.warnings ?? []) lines.push(`  ! ${w}`);
  const { passed, failed, blocked = 0, skipped } = s.totals;
  lines.push(
    `  ${passed} passed, ${failed} failed, ${blocked ? `${blocked} blocked, ` : ''}${skipped} skipped · report: ${reportDir}/index.html`,
  );
  return lines.join('\n');
}

// One cause, one message: each cause once, with what followed from it and a link to where it was seen first.
function digestLines(s: Summary): string[] {
  const causes = failuresByRule(s);
  if (causes.length === 0) return [];
  const lines = ['', `  What broke (${causes.length} cause${causes.length === 1 ? '' : 's'}, most telling first):`];
  for (const c of causes.slice(0, TERMINAL_CAUSES)) {
    lines.push(`  ${causeLine(c)}`);
    if (c.firstIn) lines.push(`      first: ${clip(c.firstIn, 100)}${c.anchor ? ` → index.html#${c.anchor}` : ''}`);
    for (const k of c.consequences) lines.push(`      ↳ ${consequenceText(k)}`);
  }
  if (causes.length > TERMINAL_CAUSES) lines.push(`  … ${causes.length - TERMINAL_CAUSES} more causes in index.html`);
  lines.push('');
  return lines;
}

// Why checks did not run, one line per reason (the tests that gave it counted): a skipped count
// alone would not say whether a check cannot apply to this target or was left out by a setting.
function notApplicableLines(s: Summary): string[] {
  const reasons = new Map<string, { tests: number; suites: Set<string> }>();
  for (const suite of s.suites) {
    for (const t of suite.tests) {
      if (t.verdict !== 'skip' || !t.note) continue;
      const reason = t.note.replace(/^not applicable: /, '');
      const seen = reasons.get(reason) ?? { tests: 0, suites: new Set<string>() };
      seen.tests += 1;
      seen.suites.add(suite.name);
      reasons.set(reason, seen);
    }
  }
  if (reasons.size === 0) return [];
  const rows = [...reasons].sort((a, b) => b[1].tests - a[1].tests);
  const tests = rows.reduce((n, [, r]) => n + r.tests, 0);
  const lines = [
    '',
    `  Not applicable here (${tests} test${tests === 1 ? '' : 's'}, ${rows.length} reason${rows.length === 1 ? '' : 's'}):`,
  ];
  for (const [reason, r] of rows.slice(0, TERMINAL_REASONS))
    lines.push(`  ${MARK.skip} ${r.tests}× ${clip(reason, 200)} — in ${[...r.suites].join(', ')}`);
  if (rows.length > TERMINAL_REASONS) lines.push(`  … ${rows.length - TERMINAL_REASONS} more reasons in index.html`);
  return lines;
}

// The same changes as the page's "Against the baseline", the first few of them.
function baselineLines(c: BaselineChanges): string[] {
  const changes = [
    ...c.newFailures.map((t) => `✗ new failure: ${clip(t, 100)}`),
    ...c.fixed.map((t) => `✓ fixed: ${clip(t, 100)}`),
    ...c.moved.map(movedText),
  ];
  const lines = [
    `  Against the baseline ${c.baseline.name}: ${baselineHeadline(c)}`,
    ...changes.slice(0, TERMINAL_CHANGES).map((line) => `      ${line}`),
  ];
  if (changes.length > TERMINAL_CHANGES)
    lines.push(`      … ${changes.length - TERMINAL_CHANGES} more in index.html#baseline`);
  return [...lines, ''];
}

function clip(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}
