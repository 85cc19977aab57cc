import { EventType } from '@ag-ui/core';
import { EventSchemas } from '@ag-ui/core/schemas';
import { checkPairing } from './ag-ui-pairing.ts';
import { pairingSteps, stringField } from './ag-ui-steps.ts';
import type { ContractViolation, ServerEvent } from './types.ts';
import { ViolationList } from './violation-list.ts';

const ENDS_RUN = new Set<string>([EventType.RUN_FINISHED, EventType.RUN_ERROR]);

/**
 * AG-UI's own rules on one run's events: each event matches the protocol's schema; tool calls,
 * text messages and reasoning pair by id (`*_CHUNK` events expanded); RUN_FINISHED or RUN_ERROR
 * names RUN_STARTED's thread and run, and nothing follows it; one RUN_STARTED; no RUN_ERROR.
 */
export function checkAgUiEvents(events: readonly ServerEvent[]): ContractViolation[] {
  const violations = new ViolationList();
  events.forEach((e, index) => checkSchema(e, index, violations));
  const end = events.findIndex((e) => ENDS_RUN.has(e.type));
  // The rules below judge the run up to its end; what follows it is after_completion's alone.
  const run = end === -1 ? events : events.slice(0, end + 1);
  checkPairing(pairingSteps(run, violations), violations);
  checkBounds(run, violations);
  if (end !== -1) {
    for (let index = end + 1; index < events.length; index++) {
      const message = `${events[index]!.type} #${index} arrived after ${events[end]!.type} #${end}`;
      violations.add('after_completion', 'after_completion', index, message);
    }
  }
  return violations.list();
}

function checkSchema(e: ServerEvent, index: number, violations: ViolationList): void {
  const parsed = EventSchemas.safeParse(e.raw);
  if (parsed.success) return;
  const { issues } = parsed.error;
  const issue = issues[0]!;
  const path = issue.path.map(String).join('.') || '(event)';
  const problem =
    path === 'type' && issue.code === 'invalid_union' ? 'type: not an AG-UI event type' : `${path}: ${issue.message}`;
  const more = issues.length - 1;
  const others = more > 0 ? ` (and ${more} more issue${more > 1 ? 's' : ''})` : '';
  // Keyed by the issue, not the event: a field every event gets wrong is one cause.
  violations.add('schema', problem, index, `${e.type} #${index} does not match the AG-UI schema: ${problem}${others}`);
}

function checkBounds(run: readonly ServerEvent[], violations: ViolationList): void {
  const startIndex = run.findIndex((e) => e.type === EventType.RUN_STARTED);
  run.forEach((e, index) => {
    if (e.type === EventType.RUN_STARTED && index !== startIndex) {
      const message =
        `RUN_STARTED #${index} opened a second run ` + `before the one RUN_STARTED #${startIndex} opened ended`;
      violations.add('duplicate_event', 'run_started_again', index, message);
    }
  });
  const endIndex = run.length - 1;
  const end = run[endIndex];
  if (!end || !ENDS_RUN.has(end.type)) return;
  if (end.type === EventType.RUN_ERROR) {
    const code = stringField(end, 'code');
    const said = stringField(end, 'message') ?? '(no message)';
    const message = `RUN_ERROR #${endIndex} ended the run: ${said}${code ? ` (code ${code})` : ''}`;
    violations.add('run_error', 'run_error', endIndex, message);
  }
  const start = run[startIndex];
  if (!start) return;
  // RUN_ERROR need not name its run; where it does, as RUN_FINISHED must, it names RUN_STARTED's.
  const differs = ['threadId', 'runId'].some((key) => {
    const named = stringField(end, key);
    return named !== undefined && named !== stringField(start, key);
  });
  if (differs) {
    const ids = (e: ServerEvent) =>
      `thread ${stringField(e, 'threadId') ?? '(none)'}, run ${stringField(e, 'runId') ?? '(none)'}`;
    const message = `${end.type} #${endIndex} names ${ids(end)}, but RUN_STARTED #${startIndex} opened ${ids(start)}`;
    violations.add('ids', 'ids', endIndex, message);
  }
}
