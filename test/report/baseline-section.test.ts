import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselineChanges, baselineHeadline, movedText } from '../../framework/report/baseline.ts';
import { baselineSection } from '../../framework/report/html/baseline-section.ts';
import { esc } from '../../framework/report/html/escape.ts';
import { renderReport } from '../../framework/report/html/render-report.ts';
import { stepSummary } from '../../framework/report/step-summary.ts';
import type { Summary } from '../../framework/report/summary.ts';
import { terminalSummary } from '../../framework/report/terminal-summary.ts';

const fixture = (name: string): Summary =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', `${name}.json`), 'utf8')) as Summary;
const FAILING = 'golden-path > a message that needs two tools gets two paired tool calls';
/** This run (`current`) against the baseline `base`. */
const against = (current: string, base: string) =>
  baselineChanges(fixture(current), { name: `${base}/summary.json`, summary: fixture(base) });

describe('the page against a baseline', () => {
  it('lists the failures fixed since a baseline that had them', () => {
    const html = baselineSection(against('baseline', 'new-failure'));
    expect(html).toContain('Against the baseline <span class="muted">new-failure/summary.json');
    expect(html).toMatch(
      new RegExp(`<h4>Fixed since \\(1\\)</h4><ul class="fixed"><li>✓ [^<]*${FAILING.split(' > ')[1]}`),
    );
    expect(html).not.toContain('New failures');
  });

  it('lists new failures, and figures that moved beyond their noise with the direction', () => {
    expect(baselineSection(against('new-failure', 'baseline'))).toMatch(/<h4>New failures \(1\)<\/h4>/);
    const slower = baselineSection(against('slower-handshake', 'baseline'));
    expect(slower).toMatch(
      /<li class="worse">✗ worse: concurrent-load › closed: p95 handshake [\d.]+ ms → [\d.]+ ms<\/li>/,
    );
  });

  it('says "no change" for the same summary twice, and for noise', () => {
    expect(baselineSection(against('baseline', 'baseline'))).toContain('no change: the same tests fail');
    expect(baselineSection(against('noise', 'baseline'))).toContain('no change');
  });

  it('sits right under the digest', () => {
    const html = renderReport(fixture('new-failure'), { baseline: against('new-failure', 'baseline') });
    expect(html.indexOf('id="digest"')).toBeLessThan(html.indexOf('id="baseline"'));
    expect(html.indexOf('id="baseline"')).toBeLessThan(html.indexOf('id="failures"'));
  });
});

describe('the terminal and the step summary against a baseline', () => {
  it('say what the page says: the same headline and the same changes', () => {
    for (const [current, base] of [
      ['baseline', 'new-failure'],
      ['new-failure', 'baseline'],
      ['slower-handshake', 'baseline'],
    ] as const) {
      const changes = against(current, base);
      const page = renderReport(fixture(current), { baseline: changes });
      const terminal = terminalSummary(fixture(current), 'reports', { baseline: changes });
      const md = stepSummary(fixture(current), 'reports', changes);
      const headline = baselineHeadline(changes);
      expect(headline).not.toBe('');
      expect(terminal).toContain(`Against the baseline ${base}/summary.json: ${headline}`);
      expect(md).toContain(`#### Against the baseline \`${base}/summary.json\`: ${headline}`);
      for (const f of changes.moved) {
        expect(page).toContain(esc(movedText(f)));
        expect(terminal).toContain(movedText(f));
        expect(md).toContain(movedText(f));
      }
      for (const t of [...changes.newFailures, ...changes.fixed]) {
        expect(page).toContain(esc(t));
        // The terminal and the step summary clip a long name; its start is what tells.
        expect(terminal).toContain(t.slice(0, 80));
        expect(md).toContain(t.slice(0, 80).replace(/>/g, '&gt;'));
      }
    }
  });

  it('name the change in words: "1 fixed", "1 figure better", "1 new failure", "no change"', () => {
    expect(baselineHeadline(against('baseline', 'new-failure'))).toBe('1 fixed, 1 figure better');
    expect(baselineHeadline(against('new-failure', 'baseline'))).toMatch(/^1 new failure\b/);
    expect(baselineHeadline(against('baseline', 'baseline'))).toMatch(/^no change/);
  });

  it('stay silent about a baseline nobody gave', () => {
    expect(terminalSummary(fixture('new-failure'), 'reports')).not.toContain('Against the baseline');
    expect(stepSummary(fixture('new-failure'), 'reports')).not.toContain('Against the baseline');
  });
});
