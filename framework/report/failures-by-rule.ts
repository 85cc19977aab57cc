import type { Summary, TestSummary } from './summary.ts';

/** One broken rule across a run: how often, and where it was seen first. */
export interface RuleFailures {
  /** A golden-path rule (`missing_event`), a check id (`close-codes/7.9.x/1004`), `load: p95 completion`, … */
  rule: string;
  count: number;
  /** `suite › test` of the first failure. */
  firstIn: string;
  /** What broke there, in one line. */
  detail: string;
}

const RULE = /^\[([\w:.-]+)\]\s*(.*)$/;

/**
 * The failures of a run grouped by what broke: each run's golden-path violations, each failed
 * check, each missed load threshold; a failed test that names none of these counts under the rule
 * its headline names, or `(test)`. Most frequent first.
 * @example failuresByRule(summary)[0] // { rule: 'missing_event', count: 4, firstIn: 'golden-path › …', detail: 'tool_completed never arrived' }
 */
export function failuresByRule(s: Summary): RuleFailures[] {
  const rules = new Map<string, RuleFailures>();
  const add = (rule: string, firstIn: string, detail: string): void => {
    const seen = rules.get(rule);
    if (seen) seen.count += 1;
    else rules.set(rule, { rule, count: 1, firstIn, detail });
  };
  for (const suite of s.suites) {
    if (suite.error) add('(suite)', suite.name, suite.error.headline);
    for (const test of suite.tests) {
      if (test.verdict !== 'fail') continue;
      const broken = brokenRules(test);
      if (broken.length === 0) {
        const headline = test.failure?.headline ?? '(no message)';
        const named = /\[([\w:.-]+)\]\s*(.*)$/.exec(headline);
        broken.push(named ? [named[1]!, named[2]!] : ['(test)', headline]);
      }
      for (const [rule, detail] of broken) add(rule, `${suite.name} › ${test.name}`, detail);
    }
  }
  for (const error of s.unhandledErrors) add('(unhandled error)', 'the run', error.split('\n')[0] ?? '');
  return [...rules.values()].sort((a, b) => b.count - a.count);
}

function brokenRules(test: TestSummary): [rule: string, detail: string][] {
  const runs = test.runs.flatMap((r) => r.violations ?? []).flatMap((v): [string, string][] => {
    const m = RULE.exec(v);
    return m ? [[m[1]!, m[2]!]] : [];
  });
  const checks = test.checks.filter((c) => c.verdict === 'fail').map((c): [string, string] => [c.id, c.observed]);
  const load = test.load.flatMap((l) =>
    l.verdicts.filter((v) => !v.pass).map((v): [string, string] => [`load: ${v.name}`, `${l.name}: measured ${figure(v.measured)}, limit ${figure(v.threshold)}`]),
  );
  return [...runs, ...checks, ...load];
}

function figure(v: number): string {
  if (Number.isNaN(v)) return 'none';
  return Number.isInteger(v) ? String(v) : v.toFixed(v < 1 ? 3 : 1);
}
