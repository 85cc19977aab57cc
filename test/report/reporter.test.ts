import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../framework/config/load-config.ts';
import type { Summary } from '../../framework/report/summary.ts';
import { runCli, type CliResult } from '../cli/support/run-cli.ts';

/** One real e2e run of the golden-path suite through the CLI, into a report dir of its own. */
async function reportOf(
  env: Record<string, string>,
): Promise<{ dir: string; cli: CliResult; summary: Summary; junit: string; html: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'gp-report-'));
  const cli = await runCli(['run', '--suite', 'golden-path', '--report', dir], env);
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  for (const f of ['summary.json', 'junit.xml', 'index.html'])
    expect(existsSync(join(dir, f)), `${f} after:\n${cli.stdout}${cli.stderr}`).toBe(true);
  return {
    dir,
    cli,
    summary: JSON.parse(read('summary.json')) as Summary,
    junit: read('junit.xml'),
    html: read('index.html'),
  };
}

describe('the report of a run that caught a fault (drop_event:tool_completed)', () => {
  let r: Awaited<ReturnType<typeof reportOf>>;
  beforeAll(async () => {
    r = await reportOf({ REF_FAULTS: 'drop_event:tool_completed' });
  }, 120_000);
  afterAll(() => rmSync(r.dir, { recursive: true, force: true }));

  it('summary.json names the target, what /health said, the thresholds and each verdict', () => {
    const s = r.summary;
    expect(r.cli.code).toBe(1);
    expect(s.schema).toBe('golden-path/summary@1');
    expect(s.target).toMatchObject({ env: 'local', kind: 'local', faults: 'drop_event:tool_completed' });
    expect(s.target.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/);
    expect(s.versions.errors).toEqual([]);
    expect(s.versions.backend?.status).toBe('ok');
    expect(s.versions.websocket?.subprotocols).toContain('agent_chat');
    expect(s.thresholds?.latencyBudgetMs).toBe(loadConfig({}).latencyBudgetMs);
    expect(s.totals).toEqual({ suites: 1, tests: 4, passed: 0, failed: 4, blocked: 0, skipped: 0 });
  });

  it('each failure carries the line that explains it and the evidence, and its runs show the missing event', () => {
    for (const t of r.summary.suites[0]!.tests) {
      expect(t.verdict).toBe('fail');
      expect(t.failure!.headline).toMatch(/\[missing_event\] tool_completed never arrived/);
      expect(t.failure!.message).toMatch(/Timeline of user_alice#\d+:/);
      expect(t.runs.length).toBeGreaterThan(0);
      for (const run of t.runs) {
        expect(run.events.map((e) => e.type)).not.toContain('tool_completed');
        expect(run.violations).toContainEqual(expect.stringMatching(/^\[missing_event\]/));
        const times = run.events.map((e) => e.atMs);
        expect(times).toEqual([...times].sort((a, b) => a - b));
        expect(run.close).toEqual({ code: 1000, reason: 'test finished', by: 'client' });
      }
    }
    expect(r.summary.closeCodes['1000']).toBeGreaterThan(0);
  });

  it('junit.xml has the four failures, and index.html puts them first with their timelines', () => {
    expect(r.junit).toMatch(/<testsuites name="golden-path e2e" tests="4" failures="4"/);
    expect(r.junit.match(/<failure /g)).toHaveLength(4);
    expect(r.html.indexOf('Failures (4)')).toBeLessThan(r.html.indexOf('id="suites"'));
    expect(r.html).toContain('[missing_event] tool_completed never arrived');
    expect((r.html.match(/<svg class="timeline"/g) ?? []).length).toBeGreaterThanOrEqual(4);
  });

  it('ends the terminal output with one line per suite and each failure with its headline', () => {
    const tail = r.cli.stdout.slice(r.cli.stdout.lastIndexOf('golden-path: local (local)'));
    expect(tail).toMatch(/^golden-path: local \(local\), faults: drop_event:tool_completed\n  ✗ golden-path +4 failed/);
    expect(
      tail.match(
        /^ {6}✗ .* — golden path broken for user_alice#\d+ .*\[missing_event\] tool_completed never arrived$/gm,
      ),
    ).toHaveLength(4);
    expect(tail).toMatch(/0 passed, 4 failed, 0 skipped · report: .*index\.html/);
  });
});

describe('the report of a clean run', () => {
  it('records every run as a golden-path timeline, two for the test that sends two messages', async () => {
    const r = await reportOf({});
    try {
      expect(r.cli.code, r.cli.stdout + r.cli.stderr).toBe(0);
      const tests = r.summary.suites[0]!.tests;
      expect(tests.map((t) => t.verdict)).toEqual(['pass', 'pass', 'pass', 'pass']);
      expect(tests.find((t) => t.name.startsWith('two messages'))!.runs).toHaveLength(2);
      for (const run of tests.flatMap((t) => t.runs)) {
        expect(run.outcome).toBe('completed');
        expect(run.violations).toEqual([]);
        expect(run.timings.toCompletedMs).toBeGreaterThan(0);
      }
      expect(r.junit).toMatch(/tests="4" failures="0"/);
      expect(r.html).not.toContain('id="failures"');
    } finally {
      rmSync(r.dir, { recursive: true, force: true });
    }
  }, 120_000);
});
