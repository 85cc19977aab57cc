import { describe, expect, it } from 'vitest';
import { withSkipReasons } from '../../framework/report/junit-skip-reasons.ts';
import { SUMMARY_SCHEMA, type Summary, type TestSummary } from '../../framework/report/summary.ts';

const test = (over: Partial<TestSummary>): TestSummary => ({
  name: 't',
  fullName: 't',
  verdict: 'pass',
  durationMs: 1,
  runs: [],
  checks: [],
  load: [],
  ...over,
});
const summary = (tests: TestSummary[]): Summary => ({
  schema: SUMMARY_SCHEMA,
  startedAt: '',
  finishedAt: '',
  durationMs: 0,
  target: { env: 'local', kind: 'local', faults: '' },
  versions: { errors: [] },
  thresholds: undefined,
  totals: { suites: 1, tests: tests.length, passed: 0, failed: 0, blocked: 0, skipped: tests.length },
  closeCodes: {},
  suites: [{ name: 'header-compat', file: 'suites/header-compat.e2e.ts', verdict: 'skip', durationMs: 0, tests }],
  unhandledErrors: [],
});

// As vitest 4.1's JUnitReporter writes it (names escaped, one <skipped/> per skipped testcase).
const xml = [
  '<testsuite name="suites/header-compat.e2e.ts" tests="3" skipped="2">',
  '    <testcase classname="suites/header-compat.e2e.ts" file="suites/header-compat.e2e.ts" name="header compat &gt; expired &amp; &quot;old&quot; token" time="0">',
  '        <skipped/>',
  '    </testcase>',
  '    <testcase classname="suites/header-compat.e2e.ts" file="suites/header-compat.e2e.ts" name="header compat &gt; passes" time="0.1">',
  '    </testcase>',
  '    <testcase classname="suites/header-compat.e2e.ts" file="suites/header-compat.e2e.ts" name="header compat &gt; skipped with no reason" time="0">',
  '        <skipped/>',
  '    </testcase>',
  '</testsuite>',
].join('\n');

describe('JUnit skip reasons', () => {
  it("puts each skipped test's reason in <skipped message>, escaped, and leaves the rest as vitest wrote it", () => {
    const out = withSkipReasons(
      xml,
      summary([
        test({
          fullName: 'header compat > expired & "old" token',
          verdict: 'skip',
          note: 'not applicable: no signing key <E2E_SIGNING_KEY>\u0007',
        }),
        test({ fullName: 'header compat > passes' }),
        test({ fullName: 'header compat > skipped with no reason', verdict: 'skip' }),
      ]),
    );
    expect(out).toContain('<skipped message="not applicable: no signing key &lt;E2E_SIGNING_KEY&gt;"/>');
    expect(out.match(/<skipped\/>/g)).toHaveLength(1);
    expect(out.replace(/<skipped message="[^"]*"\/>/, '<skipped/>')).toBe(xml);
  });

  it('changes nothing when no skipped test has a reason', () => {
    expect(withSkipReasons(xml, summary([test({})]))).toBe(xml);
  });
});
