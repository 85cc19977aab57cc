import { EventType, type Event as AgUiEvent, type TextMessageContentEvent } from '@ag-ui/core';
import { createEmissionPlanner, type EmissionPlanner, type EmissionVocabulary } from '../agent/emission-faults.ts';
import type { ActiveFaults } from '../faults/fault-registry.ts';

const AG_UI_VOCABULARY: EmissionVocabulary<AgUiEvent> = {
  typeOf: (event) => event.type,
  // reorder_events: the first TOOL_CALL_RESULT arrives before its call's TOOL_CALL_END.
  reorder: { held: EventType.TOOL_CALL_END, partner: EventType.TOOL_CALL_RESULT },
  midRun: EventType.REASONING_MESSAGE_CONTENT,
};

/** The run-level faults for an AG-UI run, invalid_event included. */
export function createAgUiPlanner(faults: ActiveFaults, runOrdinal: number): EmissionPlanner<AgUiEvent> {
  const plan = createEmissionPlanner(faults, runOrdinal, AG_UI_VOCABULARY);
  if (!faults.invalid_event) return plan;
  let spoiled = false;
  return (event) => {
    if (spoiled || event.type !== EventType.TEXT_MESSAGE_CONTENT) return plan(event);
    spoiled = true;
    return plan(withNumericDelta(event));
  };
}

// Off the schema on purpose (delta must be a string): what a serializer bug sends.
function withNumericDelta(event: TextMessageContentEvent): AgUiEvent {
  return { ...event, delta: event.delta.length } as unknown as AgUiEvent;
}
