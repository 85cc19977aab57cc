import type { LoadRecord } from './records.ts';
import { suiteErrorAnchor, testAnchor } from './report-anchors.ts';
import type { Summary, TestSummary } from './summary.ts';

/** Kinds of cause, most telling first: the digest's order. A preflight diagnosis explains the most, a load figure the least. */
const CAUSE_KINDS = ['preflight', 'golden-path', 'protocol', 'suite', 'test', 'load', 'unhandled'] as const;
export type CauseKind = (typeof CAUSE_KINDS)[number];

/** Where a failure was seen: `suite › test`, and the id of its card or row in index.html. */
export interface Seen {
  where: string;
  anchor: string;
}

/** Failures that follow from a cause listed above them, counted under it rather than as causes of their own. */
export interface Consequence {
  /** What followed: `load users broke the golden path`. */
  what: string;
  /** Tests it failed. */
  count: number;
  suites: string[];
  first: Seen;
  /** Ids in index.html of every test it failed, in the order seen. */
  anchors: string[];
  /** For load runs: users that failed this way, of those planned. */
  users?: { failed: number; planned: number };
}

/** One distinct cause across a run: what broke, how many tests it failed (or blocked), where, and what followed from it. */
export interface RuleFailures {
  kind: CauseKind;
  /** A golden-path rule (`missing_event`), a check's finding (`internal_error`), a preflight blocker id, `load: p95 handshake`, … */
  rule: string;
  /** What broke at its first occurrence, in one line. */
  detail: string;
  /** Tests it failed; for a preflight cause, the tests it blocked. */
  count: number;
  suites: string[];
  /** `suite › test` of the first occurrence. */
  firstIn: string;
  /** Id of the first occurrence in index.html ('' when it has none). */
  anchor: string;
  /** Ids in index.html of every test it failed or blocked, in the order seen. */
  anchors: string[];
  /** Other rules the same runs broke alongside it (the seq gap a dropped event leaves). */
  also: string[];
  consequences: Consequence[];
}

const RULE = /^\[([\w:.-]+)\]\s*(.*)$/;
const NAMED = /\[([\w:.-]+)\]\s*(.*)$/;
// A load run whose users broke the golden path misses these because of it; a slow handshake or a leak has a cause of its own.
const EXPLAINED_BY_GOLDEN_PATH = new Set(['success rate', 'golden path alone', 'p95 completion']);
const GOLDEN_PATH_USER_FAILURES = new Set(['broken', 'closed', 'timeout']);
const NOT_USER_STATUSES = new Set(['planned', 'ok', 'frames']);

/**
 * The failures of a run grouped by cause, most telling first: preflight diagnoses (with the tests
 * they blocked), broken golden-path rules (a test's most telling one; the rest of its runs' rules
 * ride along in `also`), checks by finding, suite errors, other failed tests, missed load
 * thresholds, unhandled errors. A load run whose users broke the golden path while the golden path
 * was broken on its own is a consequence of that cause, not a cause.
 * @example failuresByRule(summary)[0] // { kind: 'golden-path', rule: 'missing_event', detail: 'tool_completed never arrived', count: 4, … }
 */
export function failuresByRule(s: Summary): RuleFailures[] {
  const causes = new Map<string, RuleFailures>();
  const add = (
    key: string,
    kind: CauseKind,
    rule: string,
    detail: string,
    seen: Seen,
    suite: string,
    also: readonly string[] = [],
  ): RuleFailures => {
    let cause = causes.get(key);
    if (!cause)
      causes.set(
        key,
        (cause = {
          kind,
          rule,
          detail,
          count: 0,
          suites: [],
          firstIn: seen.where,
          anchor: seen.anchor,
          anchors: [],
          also: [],
          consequences: [],
        }),
      );
    // A rule named in one test's headline and in another's runs is one cause, of the more telling kind.
    if (rank(kind) < rank(cause.kind)) cause.kind = kind;
    cause.count += 1;
    if (seen.anchor) cause.anchors.push(seen.anchor);
    addTo(cause.suites, suite);
    for (const rule of also) if (rule !== cause.rule) addTo(cause.also, rule);
    return cause;
  };
  for (const b of s.blockers ?? [])
    causes.set(`preflight\0${b.id}`, {
      kind: 'preflight',
      rule: b.id,
      detail: b.diagnosis,
      count: 0,
      suites: [],
      firstIn: '',
      anchor: '',
      anchors: [],
      also: [],
      consequences: [],
    });

  const loads: { test: TestSummary; suite: string; seen: Seen }[] = [];
  s.suites.forEach((suite, si) => {
    if (suite.error) {
      const [rule, detail] = named(suite.error.headline) ?? ['(suite)', suite.error.headline];
      add(
        `suite\0${rule}\0${shape(detail)}`,
        'suite',
        rule,
        detail,
        { where: `${suite.name} › (suite setup)`, anchor: suiteErrorAnchor(si) },
        suite.name,
      );
    }
    suite.tests.forEach((test, ti) => {
      const seen = { where: `${suite.name} › ${test.name}`, anchor: testAnchor(si, ti) };
      if (test.verdict === 'blocked') {
        const id = test.blockedBy ?? '(preflight)';
        const cause = add(
          `preflight\0${id}`,
          'preflight',
          id,
          'blocked by a cause the preflight found',
          seen,
          suite.name,
        );
        if (!cause.firstIn) Object.assign(cause, { firstIn: seen.where, anchor: seen.anchor });
        return;
      }
      if (test.verdict !== 'fail') return;
      const broken = goldenPathRules(test);
      const check = test.checks.find((c) => c.verdict === 'fail');
      const headline = test.failure?.headline ?? '(no message)';
      // A failed check is the test's own diagnosis, made with its runs in view (a leak, a refused
      // token): unless it reports a rule its runs broke, it names the cause.
      const [finding, detail] = check ? (named(headline) ?? [check.id, check.observed]) : [];
      if (check && !broken.some(([rule]) => rule === finding)) {
        add(`protocol\0${finding}`, 'protocol', finding!, detail!, seen, suite.name);
      } else if (broken.length > 0) {
        const [rule, detail] = broken[0]!;
        add(
          `named\0${rule}\0${shape(detail)}`,
          'golden-path',
          rule,
          detail,
          seen,
          suite.name,
          broken.map(([r]) => r),
        );
      } else if (test.load.some((l) => l.verdicts.some((v) => !v.pass))) {
        loads.push({ test, suite: suite.name, seen });
      } else {
        const [rule, detail] = named(headline) ?? ['(test)', headline];
        add(`named\0${rule}\0${shape(detail)}`, 'test', rule, detail, seen, suite.name);
      }
    });
  });

  // The golden path broken on its own explains load users that broke it: one cause, stated once.
  const golden = [...causes.values()].filter((c) => c.kind === 'golden-path').sort((a, b) => b.count - a.count)[0];
  for (const { test, suite, seen } of loads) {
    const explained = golden !== undefined && test.load.every(brokeTheGoldenPath);
    const missed = test.load.flatMap((l) => l.verdicts.filter((v) => !v.pass).map((v) => ({ load: l, v })));
    const own = missed.filter(({ v }) => !explained || !(EXPLAINED_BY_GOLDEN_PATH.has(v.name) || uncalibrated(v)));
    if (explained && own.length < missed.length) {
      addConsequence(golden, 'load users broke the golden path', test.load, suite, seen);
      if (missed.some(({ v }) => uncalibrated(v)))
        addConsequence(golden, 'load latency judged uncalibrated (no golden path completed alone)', [], suite, seen);
    }
    for (const { load, v } of own) {
      add(
        `load\0${v.name}`,
        'load',
        `load: ${v.name}`,
        `${load.name}: measured ${figure(v.measured)}, limit ${figure(v.threshold)}`,
        seen,
        suite,
      );
    }
  }
  for (const error of s.unhandledErrors) {
    const line = error.split('\n')[0] ?? '';
    add(`unhandled\0${shape(line)}`, 'unhandled', '(unhandled error)', line, { where: 'the run', anchor: '' }, '(run)');
  }
  return [...causes.values()].sort((a, b) => rank(a.kind) - rank(b.kind) || b.count - a.count);
}

function rank(kind: CauseKind): number {
  return CAUSE_KINDS.indexOf(kind);
}

// A test's broken golden-path rules: its first broken run's rules first (the checker ranks them, most telling first).
function goldenPathRules(test: TestSummary): [rule: string, detail: string][] {
  return test.runs
    .flatMap((r) => r.violations ?? [])
    .flatMap((v): [string, string][] => {
      const m = RULE.exec(v);
      return m ? [[m[1]!, m[2]!]] : [];
    });
}

function brokeTheGoldenPath(load: LoadRecord): boolean {
  const failing = Object.entries(load.counts).filter(([status, n]) => !NOT_USER_STATUSES.has(status) && n > 0);
  return failing.length > 0 && failing.every(([status]) => GOLDEN_PATH_USER_FAILURES.has(status));
}

// Calibration runs the golden path alone first; when none completes, the latency limits stay the env file's (load-verdicts.ts marks them).
function uncalibrated(v: LoadRecord['verdicts'][number]): boolean {
  return v.uncalibrated === true;
}

function addConsequence(
  cause: RuleFailures,
  what: string,
  loads: readonly LoadRecord[],
  suite: string,
  seen: Seen,
): void {
  let k = cause.consequences.find((c) => c.what === what);
  if (!k) cause.consequences.push((k = { what, count: 0, suites: [], first: seen, anchors: [] }));
  k.count += 1;
  k.anchors.push(seen.anchor);
  addTo(k.suites, suite);
  if (loads.length === 0) return;
  const users = (k.users ??= { failed: 0, planned: 0 });
  for (const l of loads) {
    users.failed += Object.entries(l.counts)
      .filter(([status]) => GOLDEN_PATH_USER_FAILURES.has(status))
      .reduce((n, [, c]) => n + c, 0);
    users.planned += l.counts.planned ?? 0;
  }
}

function named(text: string): [rule: string, detail: string] | undefined {
  const m = NAMED.exec(text);
  return m ? [m[1]!, m[2]!] : undefined;
}

// The same defect seen in two runs differs only in ids and figures: `call call_8710…_1`, `#3`, `12.5 ms`.
function shape(detail: string): string {
  return detail.replace(/\b[a-z]+_[0-9a-f]{8,}\w*/gi, '…').replace(/\d+(?:\.\d+)?/g, 'N');
}

function addTo(list: string[], item: string): void {
  if (!list.includes(item)) list.push(item);
}

function figure(v: number): string {
  if (Number.isNaN(v)) return 'none';
  return Number.isInteger(v) ? String(v) : v.toFixed(v < 1 ? 3 : 1);
}
