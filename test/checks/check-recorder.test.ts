import type { RunnerTestCase } from 'vitest';
import { describe, expect, it } from 'vitest';
import { CheckFailedError } from '../../framework/checks/check-failed-error.ts';
import { createCheckRecorder } from '../../framework/checks/check-recorder.ts';
import { FINDINGS } from '../../framework/checks/findings.ts';
import { closeText, failed, observeClose, passed } from '../../framework/checks/judgement.ts';
import { ClientError } from '../../framework/client/errors.ts';
import { Timeline } from '../../framework/client/timeline.ts';
import { E2eError } from '../../framework/errors.ts';
import { redactor } from '../../framework/report/redactor.ts';

/** The recorder only touches `task.meta`, where reporters read the records. */
function harness() {
  const task = { meta: {} } as RunnerTestCase;
  let t = 100;
  const skips: string[] = [];
  const skip = (note: string): never => {
    skips.push(note);
    throw new Error(`skipped: ${note}`);
  };
  const recorder = createCheckRecorder(task, skip, () => t);
  return { task, recorder, skips, advance: (ms: number) => (t += ms) };
}
const spec = { id: 'close-codes/7.9.3/1004', description: 'close with 1004', expectation: 'close 1002' };

describe('createCheckRecorder', () => {
  it('attaches a passed check to the test with its duration from the clock', () => {
    const { task, recorder, advance } = harness();
    const check = recorder.begin(spec);
    advance(12.34);
    const record = check.record(
      passed({
        observed: 'close 1002 "invalid status code"',
        closeCode: 1002,
        closeReason: 'invalid status code',
        clean: true,
      }),
    );

    expect(record).toEqual({
      ...spec,
      verdict: 'pass',
      observed: 'close 1002 "invalid status code"',
      durationMs: 12.3,
      closeCode: 1002,
      closeReason: 'invalid status code',
      clean: true,
    });
    expect(task.meta.goldenPath?.checks).toEqual([record]);
  });

  it('records a failure, then throws naming the finding, the expectation, what was observed and the evidence', () => {
    const { task, recorder } = harness();
    const check = recorder.begin(spec);
    const thrown = (() => {
      try {
        check.record(
          failed(
            'wrong_close_code',
            'a close frame with the invalid code 1004 was answered with close 1000 instead of 1002',
            { observed: 'close 1000', closeCode: 1000 },
            'Timeline of raw#1:\n  ← close 1000',
          ),
        );
      } catch (error) {
        return error;
      }
    })();

    expect(thrown).toBeInstanceOf(CheckFailedError);
    const error = thrown as CheckFailedError;
    expect(error.code).toBe('E2E_CHECK_FAILED');
    expect(error.finding).toBe('wrong_close_code');
    expect(error.message).toBe(
      [
        '[wrong_close_code] a close frame with the invalid code 1004 was answered with close 1000 instead of 1002',
        '  check:    close-codes/7.9.3/1004 — close with 1004',
        '  expected: close 1002',
        '  observed: close 1000',
        '  matters:  the server closed with a different code than the protocol asks for',
        '',
        'Timeline of raw#1:\n  ← close 1000',
      ].join('\n'),
    );
    expect(task.meta.goldenPath?.checks?.[0]).toMatchObject({ verdict: 'fail', closeCode: 1000 });
  });

  it('records not_applicable with the reason, then skips the test with it', () => {
    const { task, recorder, skips } = harness();
    expect(() => recorder.begin(spec).notApplicable('the target does not state max_payload_bytes')).toThrow(
      'skipped: not applicable: the target does not state max_payload_bytes',
    );
    expect(skips).toEqual(['not applicable: the target does not state max_payload_bytes']);
    expect(task.meta.goldenPath?.checks?.[0]).toMatchObject({
      verdict: 'not_applicable',
      note: 'the target does not state max_payload_bytes',
      observed: 'not run',
    });
  });

  it('check.fail writes the failure from a finding and named fields, the evidence rendered from a timeline', () => {
    const { task, recorder } = harness();
    const timeline = new Timeline('raw#1');
    const close = { code: 1000, reason: '', by: 'server' as const };
    expect(closeText(close)).toBe('close 1000');
    expect(closeText({ ...close, code: 1006, by: 'none' })).toBe('close 1006 without a close frame');
    expect(() =>
      recorder.begin(spec).fail('wrong_close_code', {
        message: 'a close frame with the invalid code 1004 was answered with close 1000 instead of 1002',
        ...observeClose(close),
        evidence: timeline,
      }),
    ).toThrow(
      /^\[wrong_close_code\] a close frame .*\n {2}check: .*\n {2}expected: close 1002\n {2}observed: close 1000\n {2}matters: {2}the server closed with a different code/,
    );
    expect(task.meta.goldenPath?.checks?.[0]).toMatchObject({ verdict: 'fail', closeCode: 1000, clean: true });
    expect(FINDINGS.wrong_close_code).toMatch(/^the server closed with a different code/);
  });

  it('check.pass takes the observation, or just what was observed', () => {
    const { recorder } = harness();
    expect(recorder.begin(spec).pass('close 1002')).toMatchObject({ verdict: 'pass', observed: 'close 1002' });
    expect(recorder.begin(spec).pass({ observed: 'close 1002', closeCode: 1002 })).toMatchObject({ closeCode: 1002 });
  });

  it('redacts secrets from what it records and throws, and refuses a second verdict', () => {
    const { recorder } = harness();
    redactor.register('s3cret-token-value');
    const check = recorder.begin(spec);
    expect(() =>
      check.record(
        failed('token_subprotocol_echoed', 'saw s3cret-token-value', { observed: 'echoed s3cret-token-value' }),
      ),
    ).toThrow(/\[token_subprotocol_echoed\] saw \[REDACTED\]/);
    expect(recorder.records[0]!.observed).toBe('echoed [REDACTED]');
    expect(() => check.record(passed({ observed: 'again' }))).toThrow(/already has a verdict/);
  });

  it('step(): a missing token or browser makes the check not applicable, a failed connection a finding with its timeline', async () => {
    const { task, recorder, skips } = harness();
    await expect(
      recorder
        .begin(spec)
        .step(Promise.reject(new E2eError('E2E_TOKEN_UNAVAILABLE', 'login: needs test account #1 but 0 configured'))),
    ).rejects.toThrow(/skipped/);
    expect(skips).toEqual(['not applicable: login: needs test account #1 but 0 configured']);
    await expect(
      recorder
        .begin({ ...spec, id: 'w' })
        .step(Promise.reject(new E2eError('E2E_BROWSER_UNAVAILABLE', 'Chromium not found'))),
    ).rejects.toThrow(/skipped/);
    expect(skips.at(-1)).toBe('not applicable: Chromium not found');

    const timeline = new Timeline('alice#1');
    timeline.add({ kind: 'refused', status: 503, body: 'busy' });
    const error = await recorder
      .begin({ ...spec, id: 'x' })
      .step(
        Promise.reject(
          new ClientError(
            'E2E_WS_TIMEOUT',
            'alice#1: waited 3000 ms for "connection_established"; it did not arrive',
            timeline,
          ),
        ),
        'connect_failed',
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckFailedError);
    expect((error as Error).message).toMatch(
      /^\[connect_failed\] alice#1: waited 3000 ms for "connection_established"; it did not arrive\n/,
    );
    expect((error as Error).message).toMatch(/Timeline of alice#1:\n.*← HTTP 503 refused: busy/);
    expect(task.meta.goldenPath?.checks?.map((c) => c.verdict)).toEqual(['not_applicable', 'not_applicable', 'fail']);

    await expect(recorder.begin({ ...spec, id: 'y' }).step(Promise.resolve(42))).resolves.toBe(42);
    await expect(recorder.begin({ ...spec, id: 'z' }).step(Promise.reject(new TypeError('a bug')))).rejects.toThrow(
      TypeError,
    );
  });
});
