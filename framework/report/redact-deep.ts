import { redactor as shared, type Redactor } from './redactor.ts';

/** A copy of a JSON-like value with every string (keys included) passed through the redactor. */
export function redactDeep<T>(value: T, redactor: Redactor = shared): T {
  return walk(value, redactor, new WeakSet()) as T;
}

/** Redacts every string property of an object in place (vitest's serialized errors, which reporters share). */
export function redactInPlace(target: object, redactor: Redactor = shared): void {
  const record = target as Record<string, unknown>;
  for (const key of Object.keys(record)) record[key] = walk(record[key], redactor, new WeakSet([target]));
}

function walk(value: unknown, redactor: Redactor, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactor.redact(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, redactor, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[redactor.redact(k)] = walk(v, redactor, seen);
  return out;
}
