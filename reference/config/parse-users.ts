// REF_USERS: `email:password,...`. Passwords are never echoed in an error message.
import { ReferenceConfigError } from './config-error.ts';

export interface UserRecord {
  /** Stable id used as the token `sub`, e.g. `user_alice`. */
  readonly sub: string;
  readonly email: string;
  readonly password: string;
}

export const DEFAULT_USERS =
  'alice@example.com:alice-password,bob@example.com:bob-password,carol@example.com:carol-password';

export function parseUsers(raw: string, variable = 'REF_USERS'): UserRecord[] {
  const users: UserRecord[] = [];
  const taken = new Set<string>();
  raw.split(',').forEach((entry, index) => {
    const trimmed = entry.trim();
    if (trimmed === '') return;
    const colon = trimmed.indexOf(':');
    const email = colon === -1 ? trimmed : trimmed.slice(0, colon);
    const password = colon === -1 ? '' : trimmed.slice(colon + 1);
    if (!/^[^@\s:]+@[^@\s:]+$/.test(email) || password === '') {
      throw new ReferenceConfigError(
        variable,
        `entry ${index + 1} must be email:password (e.g. alice@example.com:secret)`,
      );
    }
    if (users.some((user) => user.email === email)) {
      throw new ReferenceConfigError(variable, `user "${email}" is listed twice`);
    }
    const sub = uniqueSub(email, taken);
    taken.add(sub);
    users.push({ sub, email, password });
  });
  if (users.length === 0) throw new ReferenceConfigError(variable, 'lists no users');
  return users;
}

// user_<local part>; a suffix only when two emails share a local part, so ids stay stable.
function uniqueSub(email: string, taken: Set<string>): string {
  const local = (email.split('@')[0] ?? 'user').toLowerCase().replace(/[^a-z0-9_]/g, '_');
  let sub = `user_${local}`;
  for (let n = 2; taken.has(sub); n++) sub = `user_${local}_${n}`;
  return sub;
}
