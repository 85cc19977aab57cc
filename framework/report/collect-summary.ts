import { basename, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { SerializedError, TestCase, TestModule } from 'vitest/node';
import type { E2eConfig } from '../config/config.ts';
import type { ResolvedTarget } from '../target/resolved-target.ts';
import { failureHeadline } from './failure-headline.ts';
import {
  SUMMARY_SCHEMA,
  type HealthSeen,
  type Summary,
  type SuiteSummary,
  type TestSummary,
  type Verdict,
} from './summary.ts';

export interface SummaryInput {
  modules: readonly TestModule[];
  root: string;
  startedAt: Date;
  finishedAt: Date;
  config: E2eConfig | undefined;
  target: ResolvedTarget | undefined;
  health: HealthSeen | undefined;
  unhandledErrors: readonly SerializedError[];
  /** Causes the preflight found (ProvidedContext `blockers`). */
  blockers?: readonly { id: string; diagnosis: string }[];
  /** vitest ended the run early (a stop request, a signal). */
  interrupted?: boolean;
}

/** Builds the JSON summary from what vitest ran and what each test attached to its meta. */
export function collectSummary(input: SummaryInput): Summary {
  const suites = input.modules.map((m) => suiteOf(m, input.root));
  const { config, target } = input;
  return {
    schema: SUMMARY_SCHEMA,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    durationMs: input.finishedAt.getTime() - input.startedAt.getTime(),
    target: {
      env: config?.env ?? 'unknown',
      kind: target?.kind ?? config?.target ?? 'unknown',
      ...(target?.backendUrl ? { backendUrl: target.backendUrl } : {}),
      ...(target?.wsUrl ? { wsUrl: target.wsUrl } : {}),
      ...(target?.authUrl ? { authUrl: target.authUrl } : {}),
      faults: target?.faults ?? '',
    },
    versions: input.health ?? { errors: ['/health was not read (the target was not resolved)'] },
    thresholds: config && {
      latencyBudgetMs: config.latencyBudgetMs,
      timeouts: config.timeouts,
      keepaliveMs: config.streaming.keepaliveMs,
      load: {
        ...config.load.thresholds,
        users: config.load.users,
        concurrency: config.load.concurrency,
        rate: config.load.rate,
        durationS: config.load.durationS,
      },
    },
    ...(config?.shard ? { shard: config.shard } : {}),
    ...totalsOf(suites),
    ...blockersOf(input.blockers ?? [], suites),
    ...(input.interrupted ? { interrupted: true } : {}),
    ...warningsOf(config, input.interrupted ?? false),
    suites,
    unhandledErrors: input.unhandledErrors.map((e) => errorText(e)),
  };
}

function warningsOf(config: E2eConfig | undefined, interrupted: boolean): Pick<Summary, 'warnings'> {
  const warnings = [
    ...(interrupted
      ? [
          'the run was interrupted before its end: the tests it did not reach are counted as skipped, and this is not a pass',
        ]
      : []),
    ...(config && !config.originCheck
      ? ['E2E_ORIGIN_CHECK=off: the target was not checked for cross-site WebSocket hijacking (its Origin allowlist)']
      : []),
  ];
  return warnings.length > 0 ? { warnings } : {};
}

function suiteOf(module: TestModule, root: string): SuiteSummary {
  const tests = [...module.children.allTests()].map(testOf);
  const errors = [...module.errors(), ...[...module.children.allSuites()].flatMap((s) => s.errors())];
  const error = errors.length > 0 ? failureOf(errors) : undefined;
  const verdict: Verdict =
    error || tests.some((t) => t.verdict === 'fail')
      ? 'fail'
      : tests.some((t) => t.verdict === 'blocked')
        ? 'blocked'
        : tests.every((t) => t.verdict === 'skip')
          ? 'skip'
          : 'pass';
  return {
    name: basename(module.moduleId).replace(/\.e2e\.[cm]?[jt]s$|\.[cm]?[jt]s$/, ''),
    file: relative(root, module.moduleId),
    verdict,
    durationMs: Math.round(module.diagnostic().duration),
    ...(error ? { error } : {}),
    tests,
  };
}

function testOf(test: TestCase): TestSummary {
  const result = test.result();
  const meta = test.meta().goldenPath ?? {};
  const failedState: Verdict = (meta.blockedBy?.length ?? 0) > 0 ? 'blocked' : 'fail';
  const verdict: Verdict = result.state === 'passed' ? 'pass' : result.state === 'failed' ? failedState : 'skip';
  const errors = result.state === 'failed' ? result.errors : [];
  return {
    name: test.name,
    fullName: test.fullName,
    verdict,
    durationMs: Math.round(test.diagnostic()?.duration ?? 0),
    ...(errors.length > 0 ? { failure: failureOf(errors) } : {}),
    ...(result.state === 'skipped' && result.note ? { note: stripVTControlCharacters(result.note) } : {}),
    ...(verdict === 'blocked' ? { blockedBy: meta.blockedBy![0]! } : {}),
    runs: meta.runs ?? [],
    checks: meta.checks ?? [],
    load: meta.load ?? [],
  };
}

function failureOf(errors: readonly SerializedError[]): { headline: string; message: string } {
  // vitest can list one error twice (a fixture's cleanup error, for one): show each text once.
  const message = [...new Set(errors.map(errorText))].join('\n\n');
  return { headline: failureHeadline(message), message };
}

function errorText(error: SerializedError): string {
  const diff = typeof error.diff === 'string' && error.diff ? `\n\n${error.diff}` : '';
  return stripVTControlCharacters(`${error.message ?? String(error)}${diff}`);
}

/** Close codes seen: each load run's counts plus the final close of each recorded client. */
/** Test counts and close-code counts over suites, as a summary states them. */
export function totalsOf(suites: readonly SuiteSummary[]): Pick<Summary, 'totals' | 'closeCodes'> {
  const tests = suites.flatMap((s) => s.tests);
  return {
    totals: {
      suites: suites.length,
      tests: tests.length,
      passed: tests.filter((t) => t.verdict === 'pass').length,
      failed: tests.filter((t) => t.verdict === 'fail').length + suites.filter((s) => s.error).length,
      blocked: tests.filter((t) => t.verdict === 'blocked').length,
      skipped: tests.filter((t) => t.verdict === 'skip').length,
    },
    closeCodes: countCloseCodes(tests),
  };
}

function blockersOf(
  blockers: readonly { id: string; diagnosis: string }[],
  suites: readonly SuiteSummary[],
): Pick<Summary, 'blockers'> {
  if (blockers.length === 0) return {};
  const tests = suites.flatMap((s) => s.tests);
  return {
    blockers: blockers.map((b) => ({
      id: b.id,
      diagnosis: b.diagnosis,
      blocked: tests.filter((t) => t.blockedBy === b.id).length,
    })),
  };
}

function countCloseCodes(tests: readonly TestSummary[]): Record<string, number> {
  const counts: Record<string, number> = {};
  const add = (code: string, n: number) => (counts[code] = (counts[code] ?? 0) + n);
  for (const t of tests) {
    for (const load of t.load) for (const [code, n] of Object.entries(load.closeCodes)) add(code, n);
    const byClient = new Map<string, number>();
    for (const run of t.runs) if (run.close) byClient.set(run.client, run.close.code);
    for (const code of byClient.values()) add(String(code), 1);
  }
  return counts;
}
