import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { failuresByRule } from '../../framework/report/failures-by-rule.ts';
import { STEP_SUMMARY_ROWS, stepSummary, writeStepSummary } from '../../framework/report/step-summary.ts';
import type { Summary } from '../../framework/report/summary.ts';
import { runCli } from '../cli/support/run-cli.ts';

const fixture = (name: string): Summary =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', `${name}.json`), 'utf8')) as Summary;

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
  golden.tests[0]!.runs[0]!.violations = [
    '[missing_event] tool_completed never arrived',
    '[seq] event #3: seq skipped',
  ];
  golden.tests[1]!.verdict = 'fail';
  golden.tests[1]!.checks = [
    {
      id: 'header-compat/origin/evil',
      description: '',
      expectation: '403',
      observed: 'HTTP 101 | <script>alert(1)</script>\nsecond line',
      verdict: 'fail',
    },
  ];
  s.totals = { ...s.totals, passed: 2, failed: 4 };
  return s;
}

describe('the GitHub step summary digest', () => {
  it('a passing run: the verdict, one row per suite, one row per load run, no failures section', () => {
    const md = stepSummary(fixture('baseline'), 'reports');
    expect(md).toMatch(
      /^### ✓ golden-path: local \(local\)\n\n6 passed, 0 failed, 0 skipped in [\d.]+ s · report: `reports\/index\.html`\n/,
    );
    expect(md).toContain('| ✓ | golden-path | 4 passed |');
    expect(md).not.toContain('What broke');
    const loadRows = md.split('\n').filter((l) => /^\| (closed|open) \|/.test(l));
    expect(loadRows).toHaveLength(2);
    expect(loadRows[0]).toMatch(/^\| closed \| closed \| 100\.0 % \| [\d.]+ ms \| [\d.]+ ms \| ✓ all 6 met \|$/);
  });

  it.each([
    [
      'a golden-path rule named only in the headline',
      fixture('new-failure'),
      [{ kind: 'test', rule: 'missing_event', count: 1, detail: 'tool_completed never arrived', anchor: 't1-3' }],
    ],
    [
      'one line per cause, most telling first: the golden path, then checks, then load; the rules a run broke with it ride along',
      hostile(),
      [
        {
          kind: 'golden-path',
          rule: 'missing_event',
          count: 2,
          suites: ['golden-path'],
          also: ['seq'],
          anchor: 't1-0',
          anchors: ['t1-0', 't1-3'],
        },
        { kind: 'protocol', rule: 'header-compat/origin/evil', count: 1 },
        {
          kind: 'load',
          rule: 'load: p95 completion',
          count: 1,
          detail: 'closed: measured 74.8, limit 2000',
          anchor: 't0-0',
        },
      ],
    ],
  ])('failures by cause: %s', (_what, summary, expected) => {
    const causes = failuresByRule(summary);
    expect(causes).toMatchObject(expected);
    expect(causes).toHaveLength(expected.length);
  });

  it('a load run whose users broke the golden path follows from the golden-path cause, and a slow handshake stays a cause of its own', () => {
    const s = hostile();
    const load = s.suites[0]!.tests[0]!.load[0]!;
    load.counts = { planned: 60, ok: 0, broken: 60, frames: 300 };
    for (const v of load.verdicts) v.pass = !['success rate', 'p95 handshake'].includes(v.name);
    const [golden, check, handshake, ...rest] = failuresByRule(s);
    expect(golden).toMatchObject({ rule: 'missing_event', count: 2 });
    expect(golden!.consequences).toEqual([
      {
        what: 'load users broke the golden path',
        count: 1,
        suites: ['concurrent-load'],
        first: { where: expect.stringMatching(/^concurrent-load › fixed concurrency/), anchor: 't0-0' },
        anchors: ['t0-0'],
        users: { failed: 60, planned: 60 },
      },
    ]);
    expect(check).toMatchObject({ kind: 'protocol' });
    expect(handshake).toMatchObject({ kind: 'load', rule: 'load: p95 handshake' });
    expect(rest).toEqual([]);
    expect(stepSummary(s, 'reports')).toMatch(
      /^\| ↳ \| load users broke the golden path \(60 of 60 users\) \| 1 \| concurrent-load \| concurrent-load › fixed concurrency/m,
    );
  });

  it('latency judged uncalibrated because no golden path completed alone follows from the golden-path cause too', () => {
    const s = hostile();
    const load = s.suites[0]!.tests[0]!.load[0]!;
    load.counts = { planned: 60, ok: 0, broken: 60, frames: 300 };
    for (const v of load.verdicts) {
      v.pass = !['success rate', 'p95 handshake'].includes(v.name);
      if (v.name === 'p95 handshake')
        Object.assign(v, {
          basis: 'not calibrated: 0 of 11 golden paths completed alone; E2E_MAX_P95_HANDSHAKE_MS as written',
          uncalibrated: true,
        });
    }
    const causes = failuresByRule(s);
    expect(causes.map((c) => c.kind)).toEqual(['golden-path', 'protocol']);
    expect(causes[0]!.consequences.map((k) => k.what)).toEqual([
      'load users broke the golden path',
      'load latency judged uncalibrated (no golden path completed alone)',
    ]);
  });

  it('tests blocked by a preflight diagnosis are counted under it, first', () => {
    const s = hostile();
    s.blockers = [
      { id: 'authorization_header', diagnosis: 'the Authorization header does not arrive at the backend', blocked: 1 },
    ];
    Object.assign(s.suites[1]!.tests[2]!, { verdict: 'blocked', blockedBy: 'authorization_header' });
    const [first] = failuresByRule(s);
    expect(first).toMatchObject({
      kind: 'preflight',
      rule: 'authorization_header',
      count: 1,
      suites: ['golden-path'],
      anchor: 't1-2',
    });
    const md = stepSummary(s, 'reports');
    expect(md).toContain(
      '| ⊘ | 1 blocked by `authorization_header`: the Authorization header does not arrive at the backend | 1 blocked | golden-path |',
    );
  });

  it('text from the target cannot break the table or inject HTML', () => {
    const md = stepSummary(hostile(), 'reports');
    const row = md.split('\n').find((l) => l.startsWith('| ✗ | `header-compat/origin/evil`'));
    expect(row).toBe(
      '| ✗ | `header-compat/origin/evil` HTTP 101 \\| &lt;script&gt;alert(1)&lt;/script&gt; second line | 1 | golden-path | golden-path › subprotocol auth: the token travels in the jwt.* entry and only agent_chat is echoed |',
    );
    expect(md).toMatch(/^### ✗ golden-path/);
    expect(md).toMatch(/\| closed \| closed \| 100\.0 % \| [\d.]+ ms \| [\d.]+ ms \| ✗ p95 completion \|/);
  });

  it(`puts the digest first, keeps at most ${STEP_SUMMARY_ROWS} causes and says how many more there were`, () => {
    const s = hostile();
    const golden = s.suites[1]!;
    golden.tests = Array.from({ length: 40 }, (_, i) => ({
      ...golden.tests[1]!,
      name: `t${i}`,
      failure: { headline: `[finding_${i}] broke`, message: '' },
      checks: [
        { id: `close-codes/${i}`, description: '', expectation: '1002', observed: '1011', verdict: 'fail' as const },
      ],
    }));
    const md = stepSummary(s, 'reports');
    expect(md).toContain(`|  | … ${41 - STEP_SUMMARY_ROWS} more causes in index.html |  |  |  |`);
    expect(md.indexOf('#### What broke')).toBeLessThan(md.indexOf('| Suite |'));
  });

  it('is appended to $GITHUB_STEP_SUMMARY when it is set, and nothing is written when it is empty or unset', () => {
    const file = join(tempDir(), 'step-summary.md');
    expect(writeStepSummary(fixture('baseline'), 'reports', {})).toBe(false);
    expect(writeStepSummary(fixture('baseline'), 'reports', { GITHUB_STEP_SUMMARY: '' })).toBe(false);
    expect(existsSync(file)).toBe(false);
    expect(writeStepSummary(fixture('baseline'), 'reports', { GITHUB_STEP_SUMMARY: file })).toBe(true);
    expect(writeStepSummary(fixture('new-failure'), 'reports', { GITHUB_STEP_SUMMARY: file })).toBe(true);
    expect(readFileSync(file, 'utf8').match(/^### [✓✗] golden-path/gm)).toEqual([
      '### ✓ golden-path',
      '### ✗ golden-path',
    ]);
  });

  it('a real run under GitHub Actions writes the digest of what it caught', async () => {
    const dir = tempDir();
    const file = join(dir, 'step-summary.md');
    const r = await runCli(['run', '--suite', 'golden-path', '--report', dir], {
      REF_FAULTS: 'drop_event:tool_completed',
      GITHUB_STEP_SUMMARY: file,
    });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const md = readFileSync(file, 'utf8');
    expect(md).toMatch(/^### ✗ golden-path: local \(local\), faults: drop_event:tool_completed\n/);
    expect(md).toContain('| ✗ | golden-path | 4 failed |');
    expect(md).toMatch(
      /^\| ✗ \| `missing_event` tool_completed never arrived · also tool_unpaired, seq \| 4 \| golden-path \| golden-path › .+ \|$/m,
    );
  }, 120_000);
});
