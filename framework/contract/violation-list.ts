import type { ContractViolation } from './types.ts';

/**
 * A contract's violations, one per cause: an event that shows a cause already recorded adds its
 * index to that violation (`… (also #5, #7)`) instead of a line of its own, so that a backend that
 * never sends TEXT_MESSAGE_END reads as one defect, not one per message.
 */
export class ViolationList {
  readonly #byCause = new Map<string, { violation: ContractViolation; also: number[] }>();

  /** Records a violation under `cause`, or only the event's index when the cause is already recorded. */
  add(rule: string, cause: string, index: number | undefined, message: string): void {
    const seen = this.#byCause.get(cause);
    if (!seen) this.#byCause.set(cause, { violation: { rule, index, message }, also: [] });
    else if (index !== undefined) seen.also.push(index);
  }

  list(): ContractViolation[] {
    return [...this.#byCause.values()].map(({ violation, also }) =>
      also.length === 0 ? violation : { ...violation, message: `${violation.message} (also ${indices(also)})` },
    );
  }
}

function indices(list: number[]): string {
  const shown = list.slice(0, 5).map((i) => `#${i}`);
  return list.length > shown.length ? `${shown.join(', ')} and ${list.length - shown.length} more` : shown.join(', ');
}
