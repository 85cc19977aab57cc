import { ReferenceConfigError } from '../config/config-error.ts';
import { faultEventTypes, isAgUiEventType, type FaultEventType } from './fault-event-types.ts';
import { FAULT_NAMES, FAULT_REGISTRY, isFaultName, type ActiveFaults, type FaultArgKind } from './fault-registry.ts';

const VARIABLE = 'REF_FAULTS';

export interface ParseFaultsOptions {
  /** The ag_ui dialect is on: an `event` argument may also be an AG-UI event type. */
  readonly agUi?: boolean;
}

/** Parses `name` / `name:arg` entries, comma-separated, into the active fault set. */
export function parseFaults(raw: string | undefined, options: ParseFaultsOptions = {}): ActiveFaults {
  const eventTypes = faultEventTypes(options.agUi === true);
  const active: Record<string, unknown> = {};
  for (const entry of (raw ?? '').split(',')) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const colon = trimmed.indexOf(':');
    const name = colon === -1 ? trimmed : trimmed.slice(0, colon);
    const arg = colon === -1 ? undefined : trimmed.slice(colon + 1);
    if (!isFaultName(name)) {
      throw new ReferenceConfigError(VARIABLE, `unknown fault "${name}" (known: ${FAULT_NAMES.join(', ')})`);
    }
    const kind = FAULT_REGISTRY[name].arg;
    const value = parseArg(name, kind, arg, eventTypes);
    if (kind === 'event') {
      // Several event types may be named for one fault: drop_event:a,drop_event:b.
      const set = (active[name] as Set<FaultEventType> | undefined) ?? new Set<FaultEventType>();
      set.add(value as FaultEventType);
      active[name] = set;
    } else if (name in active) {
      throw new ReferenceConfigError(VARIABLE, `fault "${name}" is given twice`);
    } else {
      active[name] = value;
    }
  }
  return active as ActiveFaults;
}

function parseArg(
  name: string,
  kind: FaultArgKind,
  arg: string | undefined,
  eventTypes: readonly FaultEventType[],
): unknown {
  const bad = (expected: string): never => {
    const got = arg === undefined ? 'no argument' : `"${arg}"`;
    // The likely slip: an AG-UI name without the dialect that speaks it.
    const hint =
      kind === 'event' && arg !== undefined && isAgUiEventType(arg)
        ? ' (AG-UI event types need REF_DIALECT=ag_ui)'
        : '';
    throw new ReferenceConfigError(VARIABLE, `fault "${name}" needs ${expected}, got ${got}${hint}`);
  };
  if (kind === 'none') {
    if (arg !== undefined) bad('no argument');
    return true;
  }
  const expected = describe(kind, eventTypes);
  if (arg === undefined || arg === '') return bad(expected);
  switch (kind) {
    case 'event':
      return (eventTypes as readonly string[]).includes(arg) ? arg : bad(expected);
    case 'ms':
      return /^\d+$/.test(arg) ? Number(arg) : bad(expected);
    case 'count':
      return /^\d+$/.test(arg) && Number(arg) >= 1 ? Number(arg) : bad(expected);
    case 'fraction': {
      const n = Number(arg);
      return Number.isFinite(n) && n > 0 && n <= 1 ? n : bad(expected);
    }
    case 'text':
      return arg;
  }
}

function describe(kind: FaultArgKind, eventTypes: readonly FaultEventType[]): string {
  switch (kind) {
    case 'event':
      return `an event type (one of: ${eventTypes.join(', ')})`;
    case 'ms':
      return 'a whole number of milliseconds';
    case 'count':
      return 'a whole number >= 1';
    case 'fraction':
      return 'a number in (0, 1]';
    default:
      return 'a value';
  }
}
