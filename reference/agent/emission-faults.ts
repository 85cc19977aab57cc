import type { FaultEventType } from '../faults/fault-event-types.ts';
import type { ActiveFaults } from '../faults/fault-registry.ts';

/** What the executor does with one event after the faults have had their say. */
export type EmitAction<E> =
  | { readonly kind: 'publish'; readonly event: E }
  /** Deliver again without logging it twice (duplicate_event). */
  | { readonly kind: 'repeat'; readonly event: E }
  | { readonly kind: 'close_1011' }
  | { readonly kind: 'stall' };

export type EmissionPlanner<E> = (event: E) => EmitAction<E>[];

/** The few event names the run-level faults need to know, in a wire contract's own words. */
export interface EmissionVocabulary<E> {
  readonly typeOf: (event: E) => FaultEventType;
  /** reorder_events holds the run's first `held` event and sends it right after the next `partner`. */
  readonly reorder: { readonly held: FaultEventType; readonly partner: FaultEventType };
  /** close_1011_rate closes "mid-run": right after the first event of this type. */
  readonly midRun: FaultEventType;
}

/**
 * The run-level faults, applied per event: drop, reorder, duplicate, 1011 after a type or at a
 * rate, stall. Without faults every event maps to a single publish.
 * @param runOrdinal 1 for the first run this backend started, for close_1011_rate.
 */
export function createEmissionPlanner<E>(
  faults: ActiveFaults,
  runOrdinal: number,
  vocabulary: EmissionVocabulary<E>,
): EmissionPlanner<E> {
  const { typeOf, reorder, midRun } = vocabulary;
  let held: E | undefined;
  let reordered = false;
  const closedAfter = new Set<FaultEventType>();
  const rate = faults.close_1011_rate;
  let rateCloseDue = rate !== undefined && runOrdinal % Math.max(1, Math.round(1 / rate)) === 0;

  const after = (event: E): EmitAction<E>[] => {
    const type = typeOf(event);
    const actions: EmitAction<E>[] = [{ kind: 'publish', event }];
    if (faults.duplicate_event?.has(type)) actions.push({ kind: 'repeat', event });
    if (faults.close_1011_after?.has(type) && !closedAfter.has(type)) {
      closedAfter.add(type);
      actions.push({ kind: 'close_1011' });
    }
    if (rateCloseDue && type === midRun) {
      rateCloseDue = false;
      actions.push({ kind: 'close_1011' });
    }
    if (faults.stall_after?.has(type)) actions.push({ kind: 'stall' });
    return actions;
  };

  return (event) => {
    const type = typeOf(event);
    if (faults.drop_event?.has(type)) return [];
    if (faults.reorder_events && !reordered && type === reorder.held && held === undefined) {
      held = event;
      return [];
    }
    if (held === undefined) return after(event);
    const wasHeld = held;
    held = undefined;
    reordered = true;
    // The held event goes out after its partner; after any other event if the partner was dropped.
    return type === reorder.partner ? [...after(event), ...after(wasHeld)] : [...after(wasHeld), ...after(event)];
  };
}
