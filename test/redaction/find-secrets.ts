import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Shapes a token takes on its way: a JWT, a base64url-wrapped JWT (jwt.* subprotocol entry), a bearer value. */
export const TOKEN_SHAPES: { name: string; pattern: RegExp }[] = [
  { name: 'JWT', pattern: /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{4,}/g },
  { name: 'base64url of a JWT', pattern: /ZXlK[A-Za-z0-9_-]{16,}/g },
  { name: 'bearer value', pattern: /bearer\s+(?!\[REDACTED)[A-Za-z0-9._~+/=-]{8,}/gi },
  { name: 'jwt.* subprotocol entry', pattern: /\bjwt\.(?!\[REDACTED)[A-Za-z0-9_-]{8,}/g },
  { name: 'token in a query', pattern: /[?&]token=(?!\[REDACTED)[A-Za-z0-9._%-]{8,}/g },
];

export interface Leak {
  where: string;
  what: string;
  /** The first characters of what leaked: enough to find it, not enough to use it. */
  sample: string;
}

/** Every occurrence of a known secret (in the forms it travels in) or of a token shape in `text`. */
export function findLeaks(where: string, text: string, secrets: Record<string, string>): Leak[] {
  const leaks: Leak[] = [];
  for (const [what, secret] of Object.entries(secrets)) {
    for (const form of new Set([secret, Buffer.from(secret).toString('base64url'), encodeURIComponent(secret)])) {
      if (text.includes(form)) leaks.push({ where, what, sample: `${form.slice(0, 4)}…` });
    }
  }
  for (const { name, pattern } of TOKEN_SHAPES) {
    for (const m of text.matchAll(pattern)) leaks.push({ where, what: name, sample: `${m[0].slice(0, 12)}…` });
  }
  return leaks;
}

/** Every file under `dir`, recursively, with its path relative to `dir`. */
export function filesUnder(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path: relative(dir, path), text: readFileSync(path, 'utf8') }));
}
