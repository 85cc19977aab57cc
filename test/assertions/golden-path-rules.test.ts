import { describe, expect, it } from 'vitest';
import { checkGoldenPath } from '../../framework/assertions/golden-path-rules.ts';
import { agentChatContract as contract } from '../../framework/contract/agent-chat.ts';
import { GOOD, runOf } from './run-builder.ts';

const rules = (specs: string[], outcome?: Parameters<typeof runOf>[1]) =>
  checkGoldenPath(runOf(specs, outcome), contract);

describe('checkGoldenPath', () => {
  it('accepts the five critical events in order, and several tool calls', () => {
    expect(rules(GOOD)).toEqual([]);
    expect(
      rules([
        'agent_started@1',
        'agent_thinking@2',
        'tool_executing@3#a',
        'tool_completed@4#a',
        'agent_thinking@5',
        'tool_executing@6#b',
        'tool_completed@7#b',
        'agent_completed@8',
      ]),
    ).toEqual([]);
  });

  it('names a dropped event and the seq gap it leaves', () => {
    const v = rules(['agent_started@1', 'agent_thinking@2', 'tool_executing@3#c1', 'agent_completed@5']);
    expect(v.map((x) => x.rule)).toEqual(expect.arrayContaining(['missing_event', 'tool_unpaired', 'seq']));
    expect(v.find((x) => x.rule === 'missing_event')?.message).toBe('tool_completed never arrived');
    expect(v.find((x) => x.rule === 'seq')?.message).toBe('seq skipped at agent_completed #3: expected 4, got 5');
  });

  it('names an order broken', () => {
    const v = rules([
      'agent_started@1',
      'agent_thinking@2',
      'tool_completed@4#c1',
      'tool_executing@3#c1',
      'agent_completed@5',
    ]);
    expect(v.find((x) => x.rule === 'order')?.message).toBe(
      'tool_completed (event #2) arrived before tool_executing (event #3)',
    );
    expect(v.find((x) => x.rule === 'tool_unpaired')?.index).toBe(2);
  });

  it('names a duplicate and anything after completion', () => {
    const dup = rules([
      'agent_started@1',
      'agent_thinking@2',
      'agent_thinking@2',
      'tool_executing@3#c1',
      'tool_completed@4#c1',
      'agent_completed@5',
    ]);
    expect(dup.find((x) => x.rule === 'duplicate_event')?.message).toBe(
      'agent_thinking (seq 2) arrived twice: events #1 and #2',
    );
    const after = rules([...GOOD, 'agent_completed@5']);
    expect(after.map((x) => x.rule)).toEqual(expect.arrayContaining(['after_completion', 'duplicate_event']));
  });

  it('reports an incomplete run with its detail', () => {
    const v = rules(['agent_started@1', 'agent_thinking@2', 'tool_executing@3#c1'], 'stalled');
    expect(v[0]).toEqual({
      rule: 'run_incomplete',
      index: undefined,
      message: 'run stalled: stalled after tool_executing (seq 3): no event for 1000 ms',
    });
  });

  it('fails a run whose events carry no seq at all, once, naming the setting', () => {
    const run = runOf(GOOD);
    for (const e of run.events) delete e.seq;
    const seq = checkGoldenPath(run, contract).filter((x) => x.rule === 'seq');
    expect(seq).toHaveLength(1);
    expect(seq[0]!.message).toMatch(
      /^agent_started #0 carries no seq; the contract requires one on every event .*seqRequired: false/,
    );
  });

  it('fails a run where one event lacks its seq', () => {
    const partial = runOf(GOOD);
    delete partial.events[2]!.seq;
    expect(checkGoldenPath(partial, contract)).toContainEqual({
      rule: 'seq',
      index: 2,
      message: 'tool_executing #2 carries no seq; the contract requires one on every event',
    });
  });

  it('skips the seq rule only for a contract that states its backend sends none', () => {
    const run = runOf(GOOD);
    for (const e of run.events) delete e.seq;
    expect(checkGoldenPath(run, { ...contract, seqRequired: false })).toEqual([]);
  });
});
