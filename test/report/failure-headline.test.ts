import { describe, expect, it } from 'vitest';
import { failureHeadline } from '../../framework/report/failure-headline.ts';

describe('failureHeadline', () => {
  it('adds the first named rule when the first line only announces that rules broke', () => {
    const message =
      'golden path broken for alice#1 (run r1): 2 rule(s) broken\n  [missing_event] tool_completed never arrived\n  [seq] gap at #3\n\nTimeline of alice#1:';
    expect(failureHeadline(message)).toBe(
      'golden path broken for alice#1 (run r1): 2 rule(s) broken — [missing_event] tool_completed never arrived',
    );
  });

  it('names the rule of a load failure, whose crossed thresholds are listed as verdict lines', () => {
    const message =
      'load thresholds crossed: success_rate, p95_completion\n  ✗ [success_rate] success rate 0.000 < 0.990 (E2E_MIN_SUCCESS_RATE)\n  ✗ [p95_completion] p95 completion: no run completed\n\nload "closed" …';
    expect(failureHeadline(message)).toBe(
      'load thresholds crossed: success_rate, p95_completion — [success_rate] success rate 0.000 < 0.990 (E2E_MIN_SUCCESS_RATE)',
    );
  });

  it('keeps a first line that already names its finding', () => {
    expect(failureHeadline('[internal_error] invalid JSON was answered with close 1011\n  check: x\n[other] y')).toBe(
      '[internal_error] invalid JSON was answered with close 1011',
    );
    expect(failureHeadline('expected 1011 to be 1000 // Object.is equality')).toBe(
      'expected 1011 to be 1000 // Object.is equality',
    );
  });

  it('skips leading blank lines, says so when there is no message, and stays one short line', () => {
    expect(failureHeadline('\n\n  timeout after 5000 ms\n')).toBe('timeout after 5000 ms');
    expect(failureHeadline('')).toBe('(no message)');
    const long = failureHeadline('x'.repeat(500));
    expect(long).toHaveLength(220);
    expect(long.endsWith('…')).toBe(true);
  });
});
