import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../framework/report/summary.ts';
import { runCli, type CliResult } from './support/run-cli.ts';

// Last night's run had a defect (the backend dropped tool_completed); tonight's is clean and is
// compared with it, as the nightly example does with the previous night's artifact.
describe('golden-path run --baseline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gp-baseline-'));
  const lastNight = join(dir, 'last-night', 'summary.json');
  const stepSummary = join(dir, 'step-summary.md');
  let tonight: CliResult;

  beforeAll(async () => {
    const faulty = await runCli(['run', '--suite', 'golden-path', '--report', join(dir, 'last-night')], {
      REF_FAULTS: 'drop_event:tool_completed',
    });
    expect(faulty.code, faulty.stdout + faulty.stderr).toBe(1);
    writeFileSync(stepSummary, '');
    tonight = await runCli(
      ['run', '--suite', 'golden-path', '--report', join(dir, 'tonight'), '--baseline', lastNight],
      { GITHUB_STEP_SUMMARY: stepSummary },
    );
  }, 200_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes on its own verdict, and puts the failures fixed since the baseline on the page', () => {
    expect(tonight.code, tonight.stdout + tonight.stderr).toBe(0);
    const before = JSON.parse(readFileSync(lastNight, 'utf8')) as Summary;
    const failedBefore = before.suites.flatMap((s) => s.tests.filter((t) => t.verdict === 'fail'));
    expect(failedBefore.length).toBeGreaterThan(0);
    const page = readFileSync(join(dir, 'tonight', 'index.html'), 'utf8');
    expect(page).toContain(`Against the baseline <span class="muted">${lastNight}`);
    expect(page).toContain(`<h4>Fixed since (${failedBefore.length})</h4>`);
    for (const t of failedBefore) expect(page).toContain(t.name);
  });

  it('says the same in the terminal and in the step summary', () => {
    expect(tonight.stdout).toMatch(new RegExp(`Against the baseline ${lastNight}: ${'\\d+'} fixed`));
    expect(readFileSync(stepSummary, 'utf8')).toMatch(/#### Against the baseline `[^`]+`: \d+ fixed/);
  });

  it('stops with exit 2 naming the file when the baseline is not a summary, before any suite', async () => {
    const missing = await runCli([
      'run',
      '--suite',
      'golden-path',
      '--report',
      join(dir, 'x'),
      '--baseline',
      join(dir, 'nope.json'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /configuration error: E2E_BASELINE: .*nope\.json: cannot read \(ENOENT\); expected the summary\.json of an earlier golden-path run/,
    );
    expect(missing.stdout).not.toMatch(/Test Files/);
  }, 60_000);
});
