import { describe, expect, it } from 'vitest';
import { judgeClose } from '../../framework/checks/judge-close.ts';
import type { CloseOutcome } from '../../framework/raw/raw-connection.ts';

const base: CloseOutcome = { closeFrame: undefined, tcpClosed: false, timedOut: false, before: [], durationMs: 3.2 };
const expectation = {
  codes: [1002],
  after: 'a ping with a 126-byte payload',
  waitedMs: 3000,
  evidence: 'Timeline of raw#1',
};

describe('judgeClose', () => {
  it('passes the expected code and says whether the close was clean', () => {
    const j = judgeClose(
      { ...base, closeFrame: { code: 1002, reason: 'invalid payload length 126' }, tcpClosed: true },
      expectation,
    );
    expect(j).toMatchObject({
      ok: true,
      closeCode: 1002,
      clean: true,
      observed: 'close 1002 "invalid payload length 126" after 3 ms, then the server ended TCP',
    });
  });

  it('names 1011 as an internal error, and any other code as the wrong one', () => {
    expect(judgeClose({ ...base, closeFrame: { code: 1011, reason: '' }, tcpClosed: true }, expectation)).toMatchObject(
      {
        ok: false,
        finding: 'internal_error',
        message: 'a ping with a 126-byte payload was answered with close 1011 (internal error) instead of 1002',
        evidence: 'Timeline of raw#1',
      },
    );
    expect(
      judgeClose({ ...base, closeFrame: { code: undefined, reason: '' }, tcpClosed: true }, expectation),
    ).toMatchObject({
      ok: false,
      finding: 'wrong_close_code',
      closeCode: 1005,
      message: 'a ping with a 126-byte payload was answered with close without a status code instead of 1002',
    });
  });

  it('names a TCP drop without a close frame, and a connection left open, with what came before', () => {
    expect(judgeClose({ ...base, tcpClosed: true }, expectation)).toMatchObject({
      ok: false,
      finding: 'no_close_frame',
      closeCode: 1006,
      clean: false,
    });
    const ignored = judgeClose(
      {
        ...base,
        timedOut: true,
        before: [{ fin: true, rsv: 0, opcode: 1, masked: false, payload: Buffer.from('{"type":"error"}') }],
      },
      expectation,
    );
    expect(ignored).toMatchObject({
      ok: false,
      finding: 'violation_ignored',
      message:
        'a ping with a 126-byte payload was not answered with close 1002: the connection stayed open for 3000 ms',
    });
    expect(ignored.observed).toContain('before it: 1 data frame(s), first "{\\"type\\":\\"error\\"}"');
  });
});
