import { describe, expect, it } from 'vitest';
import '../../framework/assertions/matchers.ts';
import { agentChatContract } from '../../framework/contract/agent-chat.ts';
import { GOOD, runOf } from './run-builder.ts';

const failureOf = (fn: () => void): string => {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the matcher to fail');
};

describe('toCompleteGoldenPath', () => {
  it('passes a good run and fails .not on it', () => {
    expect(runOf(GOOD)).toCompleteGoldenPath();
    expect(failureOf(() => expect(runOf(GOOD)).not.toCompleteGoldenPath())).toMatch(
      /not to complete the golden path, but it did/,
    );
  });

  it('names the rule, the event index and prints the run and the timeline', () => {
    const message = failureOf(() =>
      expect(
        runOf([
          'agent_started@1',
          'agent_thinking@2',
          'tool_completed@4#c1',
          'tool_executing@3#c1',
          'agent_completed@5',
        ]),
      ).toCompleteGoldenPath(),
    );
    expect(message).toContain('golden path broken for alice#1 (run run_1)');
    expect(message).toContain('[order] event #2: tool_completed (event #2) arrived before tool_executing (event #3)');
    expect(message).toMatch(/#2 +\+ +30\.0 ms {2}tool_completed {2}seq=4 call=c1/);
    expect(message).toContain('Timeline of alice#1');
  });
});

describe('the contract a run is judged by', () => {
  it('is the one the run was spoken in, carried on the run', () => {
    // A backend whose contract has no thinking event: a run without it is whole under that contract only.
    const thinkless = runOf(['agent_started@1', 'tool_executing@2#c1', 'tool_completed@3#c1', 'agent_completed@4']);
    expect(thinkless).not.toCompleteGoldenPath();
    const criticalEvents = agentChatContract.criticalEvents.filter((t) => t !== 'agent_thinking');
    expect({ ...thinkless, contract: { ...agentChatContract, criticalEvents } }).toCompleteGoldenPath();
  });
});

describe('toBeClosedWith', () => {
  it('compares the close code and calls out 1011', () => {
    const info = { code: 1011, reason: 'internal error', by: 'server' as const, at: 0 };
    expect(info).toBeClosedWith(1011);
    expect(failureOf(() => expect(info).toBeClosedWith(1000))).toMatch(
      /expected close code 1000, but the connection was closed with 1011 "internal error" \(by server\) — 1011 is an internal server error/,
    );
    expect(failureOf(() => expect(undefined).toBeClosedWith(1000))).toMatch(/still open/);
  });
});

describe('toBeWithinLatency', () => {
  it('measures from the user message to the phase', () => {
    expect(runOf(GOOD)).toBeWithinLatency(50);
    expect(failureOf(() => expect(runOf(GOOD)).toBeWithinLatency(40))).toMatch(
      /expected completion within 40 ms, measured 50\.0 ms/,
    );
    expect(runOf(GOOD)).toBeWithinLatency(10, 'started');
    expect(failureOf(() => expect(runOf(GOOD, 'stalled')).toBeWithinLatency(10, 'completion'))).toBeTypeOf('string');
  });
});
