import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselineSection } from '../../framework/report/html/baseline-section.ts';
import { renderReport } from '../../framework/report/html/render-report.ts';
import type { Summary } from '../../framework/report/summary.ts';

const fixture = (name: string): Summary => JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', `${name}.json`), 'utf8')) as Summary;
const FAILING = 'golden-path > a message that needs two tools gets two paired tool calls';

describe('the page against a baseline', () => {
  it('lists the failures fixed since a baseline that had them', () => {
    const html = baselineSection(fixture('baseline'), { name: 'last-night/summary.json', summary: fixture('new-failure') });
    expect(html).toContain('Against the baseline <span class="muted">last-night/summary.json');
    expect(html).toMatch(new RegExp(`<h4>Fixed since \\(1\\)</h4><ul class="fixed"><li>✓ [^<]*${FAILING.split(' > ')[1]}`));
    expect(html).not.toContain('New failures');
  });

  it('lists new failures, and figures that moved beyond their noise with the direction', () => {
    const html = baselineSection(fixture('new-failure'), { name: 'base', summary: fixture('baseline') });
    expect(html).toMatch(/<h4>New failures \(1\)<\/h4>/);
    const slower = baselineSection(fixture('slower-handshake'), { name: 'base', summary: fixture('baseline') });
    expect(slower).toMatch(/<li class="worse">✗ worse: concurrent-load › closed: p95 handshake [\d.]+ ms → [\d.]+ ms<\/li>/);
  });

  it('says "no change" for the same summary twice, and for noise', () => {
    expect(baselineSection(fixture('baseline'), { name: 'base', summary: fixture('baseline') })).toContain('no change: the same tests fail');
    expect(baselineSection(fixture('noise'), { name: 'base', summary: fixture('baseline') })).toContain('no change');
  });

  it('sits right under the digest', () => {
    const html = renderReport(fixture('new-failure'), { baseline: { name: 'base', summary: fixture('baseline') } });
    expect(html.indexOf('id="digest"')).toBeLessThan(html.indexOf('id="baseline"'));
    expect(html.indexOf('id="baseline"')).toBeLessThan(html.indexOf('id="failures"'));
  });
});
