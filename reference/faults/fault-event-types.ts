// Which event names a fault's `event` argument may take: agent_chat's always, AG-UI's under ag_ui.
import { EventType } from '@ag-ui/core';
import { RUN_EVENT_TYPES, type RunEventType } from '../contract/agent-chat-types.ts';

/** An event type a fault can name: an agent_chat run event or an AG-UI `EventType`. */
export type FaultEventType = RunEventType | EventType;

const AG_UI_EVENT_TYPES: readonly EventType[] = Object.values(EventType);

/** The names accepted when the ag_ui dialect is on (`agUi`) or off. */
export function faultEventTypes(agUi: boolean): readonly FaultEventType[] {
  return agUi ? [...RUN_EVENT_TYPES, ...AG_UI_EVENT_TYPES] : RUN_EVENT_TYPES;
}

export function isAgUiEventType(name: string): name is EventType {
  return (AG_UI_EVENT_TYPES as readonly string[]).includes(name);
}
