import { parseValue } from './parse-value.ts';
import { VARIABLES, type VariableSpec, type Variables } from './variables.ts';

/**
 * Every variable of the table parsed by its kind, from the merged env file and process
 * environment; a variable left unset (or empty) takes its default. A bad value throws the
 * ConfigError that names it, and `where` names the file it came from.
 */
export function readVariables(
  merged: Readonly<Record<string, string>>,
  where: (name: string) => string | undefined,
): Variables {
  const specs: readonly VariableSpec[] = VARIABLES;
  const values: Record<string, unknown> = {};
  for (const spec of specs) {
    const raw = merged[spec.name] || spec.default; // an empty line in the file is unset too
    if (raw !== undefined) values[spec.name] = parseValue(spec, raw, where(spec.name));
  }
  // parseValue gives each variable the type of its kind (or its enum's values), as Variables states.
  return values as Variables;
}
