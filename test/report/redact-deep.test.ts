import { describe, expect, it } from 'vitest';
import { redactDeep, redactInPlace } from '../../framework/report/redact-deep.ts';
import { Redactor } from '../../framework/report/redactor.ts';

describe('redactDeep / redactInPlace', () => {
  const r = new Redactor();
  r.register('s3cret-password');

  it('redacts every string of a nested value, keys included, and leaves the input alone', () => {
    const input = {
      a: ['x s3cret-password y', { b: 's3cret-password' }],
      n: 3,
      ok: true,
      none: null,
      's3cret-password': 1,
    };
    expect(redactDeep(input, r)).toEqual({
      a: ['x [REDACTED] y', { b: '[REDACTED]' }],
      n: 3,
      ok: true,
      none: null,
      '[REDACTED]': 1,
    });
    expect(input.a[0]).toBe('x s3cret-password y');
  });

  it('redacts an error object in place, as reporters share it, cycles and all', () => {
    const error: Record<string, unknown> = {
      message: 'login with s3cret-password failed',
      stack: 'Error: s3cret-password\n at x',
      diff: '- s3cret-password',
      cause: { message: 'Bearer abcdefghijkl' },
    };
    error.self = error;
    redactInPlace(error, r);
    expect(error).toMatchObject({
      message: 'login with [REDACTED] failed',
      stack: 'Error: [REDACTED]\n at x',
      diff: '- [REDACTED]',
      cause: { message: 'Bearer [REDACTED]' },
    });
    expect(error.self).toBe(error);
  });
});
