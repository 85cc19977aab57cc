import type { Run } from '../client/run.ts';

/** The run's own events, one line each, with their time from the user message. */
export function renderRunEvents(run: Run): string {
  if (run.events.length === 0) return `Events of run for ${run.messageId}: (none)`;
  const lines = run.events.map((e, i) => {
    const extra = [
      e.seq !== undefined ? `seq=${e.seq}` : '',
      e.callId ? `call=${e.callId}` : '',
      e.code ? `code=${e.code}` : '',
    ]
      .filter(Boolean)
      .join(' ');
    return `  #${String(i).padEnd(3)} +${(e.at - run.sentAt).toFixed(1).padStart(8)} ms  ${e.type}${extra ? `  ${extra}` : ''}`;
  });
  return `Events of run ${run.runId ?? '(unknown id)'} (${run.outcome}):\n${lines.join('\n')}`;
}
