import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { causeLine, causeText } from '../../framework/report/cause-text.ts';
import { failuresByRule } from '../../framework/report/failures-by-rule.ts';
import { esc } from '../../framework/report/html/escape.ts';
import { renderReport } from '../../framework/report/html/render-report.ts';
import { stepSummary } from '../../framework/report/step-summary.ts';
import type { Summary } from '../../framework/report/summary.ts';
import { terminalSummary } from '../../framework/report/terminal-summary.ts';

const fixture = (name: string): Summary =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', `${name}.json`), 'utf8')) as Summary;

/** The golden path broken (a dropped event), every load user broken by it, and one header check blocked by the preflight. */
function broken(): Summary {
  const s = fixture('new-failure');
  const [load, golden] = s.suites as [Summary['suites'][number], Summary['suites'][number]];
  load.tests[0]!.verdict = 'fail';
  load.tests[0]!.failure = {
    headline: 'load threshold crossed: success_rate — [success_rate] success rate 0.000 < 0.990',
    message: '',
  };
  load.tests[0]!.load[0]!.counts = { planned: 60, ok: 0, broken: 60, frames: 300 };
  load.tests[0]!.load[0]!.verdicts.find((v) => v.name === 'success rate')!.pass = false;
  golden.tests[3]!.runs[0]!.violations = [
    '[missing_event] tool_completed never arrived',
    '[tool_unpaired] event #2: tool_executing #2 (call call_0123456789abcdef_1) was never closed by tool_completed',
    '[seq] event #3: seq skipped at agent_completed #3: expected 4, got 5',
  ];
  Object.assign(golden.tests[1]!, {
    verdict: 'blocked',
    blockedBy: 'subprotocol_header',
    failure: { headline: 'blocked by subprotocol_header', message: '' },
  });
  s.blockers = [
    {
      id: 'subprotocol_header',
      diagnosis: 'Sec-WebSocket-Protocol does not arrive at the backend; E2E_AUTH_MODE=header still works',
      blocked: 1,
    },
  ];
  s.totals = { ...s.totals, passed: 3, failed: 2, blocked: 1 };
  return s;
}

describe('the terminal summary', () => {
  it('ends on the digest: each cause once, most telling first, what followed under it, then the totals', () => {
    const lines = terminalSummary(broken(), 'reports').split('\n');
    const at = lines.indexOf('  What broke (2 causes, most telling first):');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1)).toEqual([
      '  ⊘ 1 blocked by subprotocol_header: Sec-WebSocket-Protocol does not arrive at the backend; E2E_AUTH_MODE=header still works — in golden-path',
      '      first: golden-path › subprotocol auth: the token travels in the jwt.* entry and only agent_chat is echoed → index.html#t1-1',
      '  ✗ [missing_event] tool_completed never arrived — 1 test in golden-path — also tool_unpaired, seq',
      '      first: golden-path › a message that needs two tools gets two paired tool calls → index.html#t1-3',
      '      ↳ 1 test in concurrent-load: load users broke the golden path (60 of 60 users)',
      '',
      '  3 passed, 2 failed, 1 blocked, 0 skipped · report: reports/index.html',
    ]);
  });

  it('says the same as the step summary and the page: one grouping, three renderers', () => {
    const s = broken();
    const md = stepSummary(s, 'reports');
    const html = renderReport(s);
    for (const c of failuresByRule(s)) {
      expect(terminalSummary(s, 'reports')).toContain(causeLine(c));
      expect(html).toContain(esc(causeText(c)));
      expect(md).toContain(c.detail.slice(0, 40));
    }
  });

  it('says why checks were not applicable, one line per reason with the tests that gave it, before the digest', () => {
    const s = broken();
    const [load, golden] = s.suites as [Summary['suites'][number], Summary['suites'][number]];
    const noLongPrompt = 'not applicable: the contract states this backend has no long-running prompt';
    for (const t of [load.tests[1]!, golden.tests[0]!, golden.tests[2]!])
      Object.assign(t, { verdict: 'skip', note: noLongPrompt, failure: undefined });
    Object.assign(golden.tests[3]!, { verdict: 'skip', note: 'not applicable: the transport is SSE' });
    const lines = terminalSummary(s, 'reports').split('\n');
    const at = lines.indexOf('  Not applicable here (4 tests, 2 reasons):');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 4)).toEqual([
      '  ↓ 3× the contract states this backend has no long-running prompt — in concurrent-load, golden-path',
      '  ↓ 1× the transport is SSE — in golden-path',
      '',
    ]);
    expect(lines[at + 4]).toMatch(/^ {2}What broke/);
  });

  it('a check skipped with no reason (left out by -t) is not listed as not applicable', () => {
    const s = fixture('baseline');
    Object.assign(s.suites[1]!.tests[0]!, { verdict: 'skip' });
    expect(terminalSummary(s, 'reports')).not.toContain('Not applicable here');
  });

  it('a passing run has no digest', () => {
    expect(terminalSummary(fixture('baseline'), 'reports')).not.toContain('What broke');
  });
});
