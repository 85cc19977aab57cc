import type { FaultCase } from './fault-case.ts';

/**
 * Faults the golden-path suite exists to catch; then runs that fail, and runs delivered to the
 * wrong user, as other suites see them: named for what was observed, never for the suite's own
 * concern.
 */
export const goldenPathCases: FaultCase[] = [
  {
    fault: 'drop_event:tool_completed',
    suite: 'golden-path',
    expect: [/tool_completed/, /\[tool_unpaired\]|\[missing_event\]/, /Timeline of/],
  },
  { fault: 'drop_event:agent_started', suite: 'golden-path', expect: [/agent_started never arrived/] },
  { fault: 'reorder_events', suite: 'golden-path', expect: [/\[order\]|\[tool_unpaired\]/, /tool_completed/] },
  { fault: 'close_1011_after:agent_thinking', suite: 'golden-path', expect: [/1011/, /agent_thinking/] },
  {
    fault: 'stall_after:tool_executing',
    suite: 'golden-path',
    expect: [/stalled after tool_executing/],
    env: { E2E_EVENT_TIMEOUT_MS: '1000' },
  },
  {
    fault: 'omit_seq',
    suite: 'golden-path',
    expect: [/\[seq\] agent_started #0 carries no seq; the contract requires one on every event/],
  },
  { fault: 'duplicate_event:agent_thinking', suite: 'golden-path', expect: [/\[duplicate_event\] .*agent_thinking/] },
  {
    fault: 'duplicate_event:agent_completed',
    suite: 'golden-path',
    expect: [/agent_completed .*arrived twice|\[after_completion\]/],
  },
  // Runs that never finish, seen by send-after-close: already so before the client left, not because it did.
  {
    fault: 'stall_after:agent_started',
    suite: 'send-after-close',
    testNamePattern: 'closes cleanly',
    env: { E2E_EVENT_TIMEOUT_MS: '1000' },
    expect: [
      /\[server_unhealthy_before_client_left\] before any client left, a run on \S+ stalled/,
      /: the server was not completing runs/,
    ],
    forbid: [/server_unhealthy_after_client_left/],
  },
  // A backend that broadcasts and has no resume, seen by the foreign-resume check: the events came unasked, not from a resume.
  {
    fault: 'broadcast_events',
    name: 'broadcast_events + REF_DIALECT=no_resume',
    suite: 'isolation',
    testNamePattern: "another user's run_id",
    env: { REF_DIALECT: 'no_resume' },
    expect: [
      /\[cross_user_leak\] \S+ received \d+ event\(s\) of \S+'s run \S+ before it sent anything about that run/,
      /the resume it then sent got error unknown_type/,
    ],
    forbid: [/foreign_resume_replayed/, /after resuming/],
  },
];
