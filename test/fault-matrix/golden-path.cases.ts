import type { FaultCase } from './fault-case.ts';

/** Faults the golden-path suite exists to catch. */
export const goldenPathCases: FaultCase[] = [
  { fault: 'drop_event:tool_completed', suite: 'golden-path', expect: [/tool_completed/, /\[tool_unpaired\]|\[missing_event\]/, /Timeline of/] },
  { fault: 'drop_event:agent_started', suite: 'golden-path', expect: [/agent_started never arrived/] },
  { fault: 'reorder_events', suite: 'golden-path', expect: [/\[order\]|\[tool_unpaired\]/, /tool_completed/] },
  { fault: 'close_1011_after:agent_thinking', suite: 'golden-path', expect: [/1011/, /agent_thinking/] },
  { fault: 'stall_after:tool_executing', suite: 'golden-path', expect: [/stalled after tool_executing/], env: { E2E_EVENT_TIMEOUT_MS: '1000' } },
  { fault: 'omit_seq', suite: 'golden-path', expect: [/\[seq\] agent_started #0 carries no seq; the contract requires one on every event/] },
  { fault: 'duplicate_event:agent_thinking', suite: 'golden-path', expect: [/\[duplicate_event\] .*agent_thinking/] },
  { fault: 'duplicate_event:agent_completed', suite: 'golden-path', expect: [/agent_completed .*arrived twice|\[after_completion\]/] },
];
