import { describe, expect, it } from 'vitest';
import { E2eError } from '../../framework/errors.ts';
import { foldEvidence } from '../../framework/report/fold-evidence.ts';

describe('foldEvidence', () => {
  it("puts a harness error's evidence under its one-sentence message, once", () => {
    const error = new E2eError('E2E_WS_TIMEOUT', 'alice#1: waited 50 ms for "agent_started"; it did not arrive', {
      evidence: 'Timeline of alice#1:\n  +     0.1 ms  → connect ws://127.0.0.1:1/ws',
    });
    const serialized: Record<string, unknown> = { ...error, message: error.message };

    foldEvidence(serialized);
    expect(serialized.message).toBe(
      'alice#1: waited 50 ms for "agent_started"; it did not arrive\n\n' +
        'Timeline of alice#1:\n  +     0.1 ms  → connect ws://127.0.0.1:1/ws',
    );
    expect(serialized).not.toHaveProperty('evidence');
    foldEvidence(serialized);
    expect(serialized.message).toMatch(/arrive\n\nTimeline of alice#1:\n[^\n]+$/);
  });

  it('leaves an error without evidence as it is', () => {
    const serialized = { message: 'expected 1 to be 2', code: 'E2E_CHECK_FAILED' };
    foldEvidence(serialized);
    expect(serialized).toEqual({ message: 'expected 1 to be 2', code: 'E2E_CHECK_FAILED' });
  });
});
