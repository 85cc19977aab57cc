/**
 * Browsers always send Origin; other clients usually do not, and are let in.
 * An exact string match only: `null` and look-alike hosts are refused.
 */
export function isOriginAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  return allowed.includes(origin);
}
