import { DIALECT_NAMES, isDialectName, type ActiveDialects, type DialectName } from '../dialects/dialect-registry.ts';
import { ReferenceConfigError } from './config-error.ts';

const VARIABLE = 'REF_DIALECT';

/** Parses REF_DIALECT, comma-separated names; unset or empty means no dialect. */
export function parseDialects(raw: string | undefined): ActiveDialects {
  const active = new Set<DialectName>();
  for (const entry of (raw ?? '').split(',')) {
    const name = entry.trim();
    if (name === '') continue;
    if (!isDialectName(name)) {
      throw new ReferenceConfigError(VARIABLE, `unknown dialect "${name}" (known: ${DIALECT_NAMES.join(', ')})`);
    }
    active.add(name);
  }
  return active;
}
