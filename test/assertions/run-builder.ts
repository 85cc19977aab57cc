import { agentChatContract } from '../../framework/contract/agent-chat.ts';
import type { ReceivedEvent } from '../../framework/client/chat-client.ts';
import type { Run } from '../../framework/client/run.ts';

/** Builds a Run from event shorthands (`type` or `type@seq` or `type@seq#call`), 10 ms apart. */
export function runOf(specs: string[], outcome: Run['outcome'] = 'completed'): Run {
  const events: ReceivedEvent[] = specs.map((spec, index) => {
    const [head, callId] = spec.split('#');
    const [type, seq] = head!.split('@');
    return {
      type: type!,
      seq: seq ? Number(seq) : index + 1,
      ...(callId ? { callId } : {}),
      runId: 'run_1',
      messageId: 'msg_1',
      raw: {},
      at: 100 + 10 * (index + 1),
      index,
    };
  });
  return {
    client: 'alice#1',
    contract: agentChatContract,
    content: 'hi',
    messageId: 'msg_1',
    runId: 'run_1',
    sentAt: 100,
    events,
    outcome,
    detail: outcome === 'completed' ? '' : 'stalled after tool_executing (seq 3): no event for 1000 ms',
    answer: 'sunny',
    timeline: 'Timeline of alice#1:\n  (frames)',
  };
}

export const GOOD = [
  'agent_started@1',
  'agent_thinking@2',
  'tool_executing@3#c1',
  'tool_completed@4#c1',
  'agent_completed@5',
];
