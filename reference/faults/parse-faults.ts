import { RUN_EVENT_TYPES, type RunEventType } from '../contract/agent-chat-types.ts';
import { ReferenceConfigError } from '../config/config-error.ts';
import { FAULT_NAMES, FAULT_REGISTRY, isFaultName, type ActiveFaults, type FaultArgKind } from './fault-registry.ts';

const VARIABLE = 'REF_FAULTS';

/** Parses `name` / `name:arg` entries, comma-separated, into the active fault set. */
export function parseFaults(raw: string | undefined): ActiveFaults {
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
    const value = parseArg(name, kind, arg);
    if (kind === 'event') {
      // Several event types may be named for one fault: drop_event:a,drop_event:b.
      const set = (active[name] as Set<RunEventType> | undefined) ?? new Set<RunEventType>();
      set.add(value as RunEventType);
      active[name] = set;
    } else if (name in active) {
      throw new ReferenceConfigError(VARIABLE, `fault "${name}" is given twice`);
    } else {
      active[name] = value;
    }
  }
  return active as ActiveFaults;
}

function parseArg(name: string, kind: FaultArgKind, arg: string | undefined): unknown {
  const bad = (expected: string): never => {
    const got = arg === undefined ? 'no argument' : `"${arg}"`;
    throw new ReferenceConfigError(VARIABLE, `fault "${name}" needs ${expected}, got ${got}`);
  };
  if (kind === 'none') {
    if (arg !== undefined) bad('no argument');
    return true;
  }
  if (arg === undefined || arg === '') return bad(describe(kind));
  switch (kind) {
    case 'event':
      return (RUN_EVENT_TYPES as readonly string[]).includes(arg) ? arg : bad(describe(kind));
    case 'ms':
      return /^\d+$/.test(arg) ? Number(arg) : bad(describe(kind));
    case 'count':
      return /^\d+$/.test(arg) && Number(arg) >= 1 ? Number(arg) : bad(describe(kind));
    case 'fraction': {
      const n = Number(arg);
      return Number.isFinite(n) && n > 0 && n <= 1 ? n : bad(describe(kind));
    }
    case 'text':
      return arg;
  }
}

function describe(kind: FaultArgKind): string {
  switch (kind) {
    case 'event':
      return `an event type (one of: ${RUN_EVENT_TYPES.join(', ')})`;
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
