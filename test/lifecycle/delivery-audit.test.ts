import { describe, expect, it } from 'vitest';
import type { Delivery } from '../../framework/client/resume-ledger.ts';
import { auditDelivery, renderDeliveryAudit } from '../../framework/diagnosis/delivery-audit.ts';

const TYPES = ['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed'];
const d = (seq: number, connection: string): Delivery => ({
  connection,
  event: { type: TYPES[seq - 1] ?? 'agent_thinking', seq, runId: 'run_1', at: seq, index: seq, raw: {} },
});
const resume = { runId: 'run_1', afterSeq: 1, connection: 'alice#2', sinceIndex: 1 };

describe('auditDelivery', () => {
  it('every seq once across two connections: no finding', () => {
    const audit = auditDelivery(
      [d(1, 'alice#1'), d(2, 'alice#2'), d(3, 'alice#2'), d(4, 'alice#2'), d(5, 'alice#2')],
      [resume],
    );
    expect(audit).toEqual({ distinct: 5, highest: 5, perConnection: { 'alice#1': 1, 'alice#2': 4 }, findings: [] });
    expect(renderDeliveryAudit(audit)).toBe(
      'exactly-once across connections: 5 distinct seq(s) up to 5 (alice#1: 1, alice#2: 4): ok',
    );
  });

  it('a seq missing on both connections is lost, and blamed on the replay when it came after after_seq', () => {
    const audit = auditDelivery([d(1, 'alice#1'), d(3, 'alice#2'), d(4, 'alice#2'), d(5, 'alice#2')], [resume]);
    expect(audit.findings).toEqual([
      {
        kind: 'lost',
        seq: 2,
        message:
          'seq 2 never arrived on any connection (lost) — it belonged in the replay of resume after_seq 1 on alice#2',
      },
    ]);
  });

  it('a seq seen twice is a duplicate, whether on one connection or across two', () => {
    const twiceInReplay = auditDelivery([d(1, 'alice#1'), d(2, 'alice#2'), d(2, 'alice#2'), d(3, 'alice#2')], [resume]);
    expect(twiceInReplay.findings.map((f) => f.message)).toEqual([
      'seq 2 (agent_thinking) arrived 2 times (alice#2 ×2): a duplicate — within the replay of resume after_seq 1 on alice#2',
    ]);
    const across = auditDelivery([d(1, 'alice#1'), d(1, 'alice#2'), d(2, 'alice#2')], [{ ...resume, afterSeq: 0 }]);
    expect(across.findings.map((f) => f.message)).toEqual([
      'seq 1 (agent_started) arrived 2 times (alice#1, alice#2): a duplicate — within the replay of resume after_seq 0 on alice#2',
    ]);
    expect(renderDeliveryAudit(across)).toMatch(/\n {2}\[duplicated\] seq 1/);
  });

  it('a lost first event is a loss too (runs count from 1)', () => {
    expect(auditDelivery([d(2, 'alice#1'), d(3, 'alice#1')]).findings).toEqual([
      { kind: 'lost', seq: 1, message: 'seq 1 never arrived on any connection (lost)' },
    ]);
  });
});
