import type { RunEvent } from '../contract/agent-chat-types.ts';
import type { ActiveFaults } from '../faults/fault-registry.ts';
import { createEmissionPlanner, type EmissionPlanner, type EmissionVocabulary } from './emission-faults.ts';

const AGENT_CHAT_VOCABULARY: EmissionVocabulary<RunEvent> = {
  typeOf: (event) => event.type,
  reorder: { held: 'tool_executing', partner: 'tool_completed' },
  midRun: 'agent_thinking',
};

/** The run-level faults for an agent_chat run, omit_seq included. */
export function createAgentChatPlanner(faults: ActiveFaults, runOrdinal: number): EmissionPlanner<RunEvent> {
  const plan = createEmissionPlanner(faults, runOrdinal, AGENT_CHAT_VOCABULARY);
  if (!faults.omit_seq) return plan;
  // The event as a backend that never numbers its events would send it.
  return (event) =>
    plan(event).map((a) => (a.kind === 'publish' || a.kind === 'repeat' ? { ...a, event: withoutSeq(a.event) } : a));
}

function withoutSeq(event: RunEvent): RunEvent {
  const { seq: _seq, ...rest } = event;
  return rest as RunEvent;
}
