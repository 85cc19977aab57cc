import { describe, expect, it } from 'vitest';
import type { ReceivedEvent } from '../../framework/client/chat-client.ts';
import type { Run } from '../../framework/client/run.ts';
import { agentChatContract } from '../../framework/contract/agent-chat.ts';
import { mismatch, notApplicable, ok } from '../../framework/doctor/finding.ts';
import { probeSeq } from '../../framework/doctor/probe-seq.ts';
import { probeTokenSubprotocol } from '../../framework/doctor/probe-token-subprotocol.ts';
import { renderFinding, renderVerdict } from '../../framework/doctor/render-finding.ts';
import type { PreflightReport } from '../../framework/target/preflight.ts';
import type { TransportProbe } from '../../framework/target/transport-probe.ts';

const TYPES = ['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed'];

function runWith(seqs: (number | undefined)[]): Run {
  const events = seqs.map(
    (seq, index) =>
      ({
        type: TYPES[index] ?? 'agent_thinking',
        index,
        at: index,
        raw: {},
        ...(seq !== undefined ? { seq } : {}),
      }) as ReceivedEvent,
  );
  return {
    client: 'c',
    contract: agentChatContract,
    content: 'x',
    messageId: 'm',
    runId: 'r',
    sentAt: 0,
    events,
    outcome: 'completed',
    detail: '',
    answer: 'a',
    timeline: '',
  };
}

function report(probes: TransportProbe[], blockers: PreflightReport['blockers'] = []): PreflightReport {
  return { ok: true, diagnosis: undefined, steps: [], tookMs: 1, health: undefined, blockers, probes };
}

const ready = (transport: TransportProbe['transport'], encoding?: TransportProbe['encoding']): TransportProbe => ({
  transport,
  ...(encoding ? { encoding } : {}),
  kind: 'ready',
  status: 101,
  selected: 'agent_chat',
  detail: '101 (agent_chat), connection_established',
});
const refused: TransportProbe = {
  transport: 'subprotocol',
  kind: 'refused',
  status: 401,
  detail: 'HTTP 401 {"error":"invalid_token"}',
};

describe('probeSeq', () => {
  it('✓ when every event carries a seq rising by one', () => {
    expect(probeSeq(runWith([1, 2, 3, 4, 5]), agentChatContract)).toEqual(
      ok('seq', 'on all 5 events, rising by one (1..5)'),
    );
  });

  it('✗ naming seqRequired when no event carries one and the contract requires it; n.a. when it does not', () => {
    const f = probeSeq(runWith([undefined, undefined, undefined]), agentChatContract);
    expect(f.mark).toBe('mismatch');
    expect(f.fix).toBe(
      'set seqRequired: false in your contract module (E2E_CONTRACT) if your backend sends no seq by design',
    );
    expect(probeSeq(runWith([undefined, undefined]), { ...agentChatContract, seqRequired: false }).mark).toBe('na');
  });

  it('✗ with the first gap when seq skips', () => {
    const f = probeSeq(runWith([1, 2, 4, 5, 6]), agentChatContract);
    expect(f).toMatchObject({ mark: 'mismatch', found: 'seq skipped at tool_executing #2: expected 3, got 4' });
    expect(probeSeq(runWith([1, 3, 5, 7, 9]), agentChatContract).found).toMatch(/expected 2, got 3 \(and 3 more\)$/);
  });

  it('n.a. without a run', () => {
    expect(probeSeq(undefined, agentChatContract).mark).toBe('na');
  });
});

describe('probeTokenSubprotocol', () => {
  it("✓ when the contract's own entry gets the ready event", () => {
    expect(probeTokenSubprotocol(report([ready('header'), ready('subprotocol')]), agentChatContract).mark).toBe('ok');
  });

  it('✗ naming contract.tokenSubprotocol and the one-liner when only the raw entry works', () => {
    const blocker = {
      id: 'subprotocol_token' as const,
      diagnosis: 'd',
      transports: ['subprotocol' as const],
      chatSubprotocol: false,
    };
    const f = probeTokenSubprotocol(
      report([ready('header'), refused, { ...refused, encoding: 'base64url' }, ready('subprotocol', 'raw')], [blocker]),
      agentChatContract,
    );
    expect(f).toMatchObject({ mark: 'mismatch', subject: 'auth: subprotocol' });
    expect(f.found).toBe(
      "the contract's jwt.* entry was refused with HTTP 401, while jwt.<raw JWT> was accepted (101 (agent_chat), connection_established)",
    );
    expect(f.fix).toBe(
      'set contract.tokenSubprotocol in your contract module (E2E_CONTRACT): tokenSubprotocol: (token) => `jwt.${token}`',
    );
  });

  it('n.a. for a contract without a subprotocol, or a target that does not list subprotocol auth', () => {
    expect(
      probeTokenSubprotocol(report([ready('header')]), { ...agentChatContract, subprotocol: undefined }).found,
    ).toMatch(/has no subprotocol/);
    expect(probeTokenSubprotocol(report([ready('header')]), agentChatContract).found).toMatch(/not probed/);
  });
});

describe('renderFinding and renderVerdict', () => {
  it('one line per finding with its mark; the fix and details beneath, aligned with what was found', () => {
    expect(renderFinding(ok('seq', 'fine'))).toEqual([`  ✓ ${'seq'.padEnd(18)} fine`]);
    expect(renderFinding(notApplicable('resume', 'n.a.'))[0]).toMatch(/^ {2}– resume +n\.a\.$/);
    const lines = renderFinding(mismatch('Origin', 'any Origin accepted', 'set E2E_ORIGIN_CHECK=off', ['detail']));
    expect(lines).toEqual([
      `  ✗ ${'Origin'.padEnd(18)} any Origin accepted`,
      `${' '.repeat(23)}→ set E2E_ORIGIN_CHECK=off`,
      `${' '.repeat(23)}detail`,
    ]);
    expect(lines[1]!.indexOf('→')).toBe(lines[0]!.indexOf('any'));
  });

  it('counts the mismatches', () => {
    expect(renderVerdict([ok('a', 'x'), notApplicable('b', 'y')])).toBe('0 mismatches: nothing to set');
    expect(renderVerdict([mismatch('a', 'x')])).toBe('1 mismatch');
    expect(renderVerdict([mismatch('a', 'x'), mismatch('b', 'y')])).toBe('2 mismatches');
  });
});
