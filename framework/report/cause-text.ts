import type { Consequence, RuleFailures } from './failures-by-rule.ts';

// The digest's words, shared by the terminal, the step summary and index.html: one digest, three renderers.

/** `⊘` for a preflight diagnosis (it blocks, it does not fail), `!` for an error outside any test, `✗` for the rest. */
export function causeMark(c: RuleFailures): string {
  return c.kind === 'preflight' ? '⊘' : c.kind === 'unhandled' ? '!' : '✗';
}

/** What broke: `[missing_event] tool_completed never arrived`; a preflight diagnosis as `12 blocked by <id>: <diagnosis>`. */
export function causeText(c: RuleFailures): string {
  return c.kind === 'preflight' ? `${c.count} blocked by ${c.rule}: ${c.detail}` : `[${c.rule}] ${c.detail}`;
}

/** How far it reached: `4 tests in golden-path, streaming` (a preflight cause has its count in its text). */
export function causeReach(c: RuleFailures): string {
  if (c.suites.length === 0) return c.kind === 'preflight' ? '' : 'outside any test';
  return `${c.kind === 'preflight' ? '' : `${tests(c.count)} `}in ${c.suites.join(', ')}`;
}

/** Other rules the same runs broke: `also seq, tool_unpaired`, or ''. */
export function alsoText(c: RuleFailures): string {
  return c.also.length > 0 ? `also ${c.also.join(', ')}` : '';
}

/** A failure that follows from the cause above it: `2 tests in concurrent-load: load users broke the golden path (80 of 80 users)`. */
export function consequenceText(k: Consequence): string {
  return `${tests(k.count)} in ${k.suites.join(', ')}: ${consequenceWhat(k)}`;
}

/** What followed, with how far: `load users broke the golden path (80 of 80 users)`. */
export function consequenceWhat(k: Consequence): string {
  return `${k.what}${k.users ? ` (${k.users.failed} of ${k.users.planned} users)` : ''}`;
}

/** The cause on one line, as the terminal prints it. */
export function causeLine(c: RuleFailures): string {
  return [`${causeMark(c)} ${causeText(c)}`, causeReach(c), alsoText(c)].filter(Boolean).join(' — ');
}

function tests(n: number): string {
  return `${n} test${n === 1 ? '' : 's'}`;
}
