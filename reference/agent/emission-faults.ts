import type { RunEvent, RunEventType } from '../contract/agent-chat-types.ts';
import type { ActiveFaults } from '../faults/fault-registry.ts';

/** What the executor does with one event after the faults have had their say. */
export type EmitAction =
  | { readonly kind: 'publish'; readonly event: RunEvent }
  /** Deliver again without logging it twice (duplicate_event). */
  | { readonly kind: 'repeat'; readonly event: RunEvent }
  | { readonly kind: 'close_1011' }
  | { readonly kind: 'stall' };

export type EmissionPlanner = (event: RunEvent) => EmitAction[];

/**
 * The run-level faults, applied per event: drop, reorder, duplicate, 1011 after a type or at a
 * rate, stall. Without faults every event maps to a single publish.
 * @param runOrdinal 1 for the first run this backend started, for close_1011_rate.
 */
export function createEmissionPlanner(faults: ActiveFaults, runOrdinal: number): EmissionPlanner {
  let held: RunEvent | undefined;
  let reordered = false;
  const closedAfter = new Set<RunEventType>();
  const rate = faults.close_1011_rate;
  let rateCloseDue = rate !== undefined && runOrdinal % Math.max(1, Math.round(1 / rate)) === 0;

  const after = (event: RunEvent): EmitAction[] => {
    const actions: EmitAction[] = [{ kind: 'publish', event }];
    if (faults.duplicate_event?.has(event.type)) actions.push({ kind: 'repeat', event });
    if (faults.close_1011_after?.has(event.type) && !closedAfter.has(event.type)) {
      closedAfter.add(event.type);
      actions.push({ kind: 'close_1011' });
    }
    // "Mid-run": right after the first agent_thinking.
    if (rateCloseDue && event.type === 'agent_thinking') {
      rateCloseDue = false;
      actions.push({ kind: 'close_1011' });
    }
    if (faults.stall_after?.has(event.type)) actions.push({ kind: 'stall' });
    return actions;
  };

  const plan = (event: RunEvent): EmitAction[] => {
    if (faults.drop_event?.has(event.type)) return [];
    if (faults.reorder_events && !reordered && event.type === 'tool_executing' && held === undefined) {
      held = event;
      return [];
    }
    if (held === undefined) return after(event);
    const wasHeld = held;
    held = undefined;
    reordered = true;
    // The held tool_executing goes out after its tool_completed; after any other event if that was dropped.
    return event.type === 'tool_completed'
      ? [...after(event), ...after(wasHeld)]
      : [...after(wasHeld), ...after(event)];
  };
  if (!faults.omit_seq) return plan;
  // The event as a backend that never numbers its events would send it.
  return (event) =>
    plan(event).map((a) => (a.kind === 'publish' || a.kind === 'repeat' ? { ...a, event: withoutSeq(a.event) } : a));
}

function withoutSeq(event: RunEvent): RunEvent {
  const { seq: _seq, ...rest } = event;
  return rest as RunEvent;
}
