import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { failuresByRule } from '../../framework/report/failures-by-rule.ts';
import { STEP_SUMMARY_ROWS, stepSummary, writeStepSummary } from '../../framework/report/step-summary.ts';
import type { Summary } from '../../framework/report/summary.ts';
import { runCli } from '../cli/support/run-cli.ts';

const fixture = (name: string): Summary => JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', `${name}.json`), 'utf8')) as Summary;

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'gp-step-summary-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A failed test with a broken run, a failed check from a hostile target and a missed load threshold. */
function hostile(): Summary {
  const s = fixture('new-failure');
  const load = s.suites[0]!.tests[0]!;
  load.verdict = 'fail';
  load.load[0]!.verdicts.find((v) => v.name === 'p95 completion')!.pass = false;
  const golden = s.suites[1]!;
  golden.tests[0]!.verdict = 'fail';
  golden.tests[0]!.runs[0]!.violations = ['[seq] event #3: seq skipped', '[missing_event] tool_completed never arrived'];
  golden.tests[1]!.verdict = 'fail';
  golden.tests[1]!.checks = [{ id: 'header-compat/origin/evil', description: '', expectation: '403', observed: 'HTTP 101 | <script>alert(1)</script>\nsecond line', verdict: 'fail' }];
  s.totals = { ...s.totals, passed: 2, failed: 4 };
  return s;
}

describe('the GitHub step summary digest', () => {
  it('a passing run: the verdict, one row per suite, one row per load run, no failures section', () => {
    const md = stepSummary(fixture('baseline'), 'reports');
    expect(md).toMatch(/^### ✓ golden-path: local \(local\)\n\n6 passed, 0 failed, 0 skipped in [\d.]+ s · report: `reports\/index\.html`\n/);
    expect(md).toContain('| ✓ | golden-path | 4 passed |');
    expect(md).not.toContain('Failures by rule');
    const loadRows = md.split('\n').filter((l) => /^\| (closed|open) \|/.test(l));
    expect(loadRows).toHaveLength(2);
    expect(loadRows[0]).toMatch(/^\| closed \| closed \| 100\.0 % \| [\d.]+ ms \| [\d.]+ ms \| ✓ all 6 met \|$/);
  });

  it.each([
    ['a golden-path rule named only in the headline', fixture('new-failure'), [{ rule: 'missing_event', count: 1, detail: 'tool_completed never arrived' }]],
    [
      'runs, checks and load thresholds, most frequent first',
      hostile(),
      [
        { rule: 'missing_event', count: 2 },
        { rule: 'load: p95 completion', count: 1, detail: 'closed: measured 74.8, limit 2000' },
        { rule: 'seq', count: 1 },
        { rule: 'header-compat/origin/evil', count: 1 },
      ],
    ],
  ])('failures by rule: %s', (_what, summary, expected) => {
    expect(failuresByRule(summary)).toMatchObject(expected);
  });

  it('text from the target cannot break the table or inject HTML', () => {
    const md = stepSummary(hostile(), 'reports');
    const row = md.split('\n').find((l) => l.startsWith('| `header-compat/origin/evil`'));
    expect(row).toBe('| `header-compat/origin/evil` | 1 | golden-path › subprotocol auth: the token travels in the jwt.* entry and only agent_chat is echoed | HTTP 101 \\| &lt;script&gt;alert(1)&lt;/script&gt; second line |');
    expect(md).toMatch(/^### ✗ golden-path/);
    expect(md).toMatch(/\| closed \| closed \| 100\.0 % \| [\d.]+ ms \| [\d.]+ ms \| ✗ p95 completion \|/);
  });

  it(`keeps at most ${STEP_SUMMARY_ROWS} rules and says how many more there were`, () => {
    const s = hostile();
    s.suites[1]!.tests[1]!.checks = Array.from({ length: 40 }, (_, i) => ({ id: `close-codes/${i}`, description: '', expectation: '1002', observed: '1011', verdict: 'fail' as const }));
    const md = stepSummary(s, 'reports');
    expect(md).toContain(`| … ${3 + 40 - STEP_SUMMARY_ROWS} more |`);
  });

  it('is appended to $GITHUB_STEP_SUMMARY when it is set, and nothing is written when it is empty or unset', () => {
    const file = join(tempDir(), 'step-summary.md');
    expect(writeStepSummary(fixture('baseline'), 'reports', {})).toBe(false);
    expect(writeStepSummary(fixture('baseline'), 'reports', { GITHUB_STEP_SUMMARY: '' })).toBe(false);
    expect(existsSync(file)).toBe(false);
    expect(writeStepSummary(fixture('baseline'), 'reports', { GITHUB_STEP_SUMMARY: file })).toBe(true);
    expect(writeStepSummary(fixture('new-failure'), 'reports', { GITHUB_STEP_SUMMARY: file })).toBe(true);
    expect(readFileSync(file, 'utf8').match(/^### [✓✗] golden-path/gm)).toEqual(['### ✓ golden-path', '### ✗ golden-path']);
  });

  it('a real run under GitHub Actions writes the digest of what it caught', async () => {
    const dir = tempDir();
    const file = join(dir, 'step-summary.md');
    const r = await runCli(['run', '--suite', 'golden-path', '--report', dir], { REF_FAULTS: 'drop_event:tool_completed', GITHUB_STEP_SUMMARY: file });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const md = readFileSync(file, 'utf8');
    expect(md).toMatch(/^### ✗ golden-path: local \(local\), faults: drop_event:tool_completed\n/);
    expect(md).toContain('| ✗ | golden-path | 4 failed |');
    expect(md).toMatch(/^\| `missing_event` \| \d+ \| golden-path › .+ \| tool_completed never arrived \|$/m);
  }, 120_000);
});
