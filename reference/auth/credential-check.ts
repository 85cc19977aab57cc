import { createHash, timingSafeEqual } from 'node:crypto';
import type { UserRecord } from '../config/parse-users.ts';

/** Finds the user whose email and password match; compares in constant time. */
export function checkCredentials(
  users: readonly UserRecord[],
  email: string,
  password: string,
): UserRecord | undefined {
  const user = users.find((candidate) => candidate.email.toLowerCase() === email.toLowerCase());
  // Hash both sides so lengths match and an unknown email costs the same as a wrong password.
  const given = digest(password);
  const expected = digest(user?.password ?? '\u0000no-such-user');
  return timingSafeEqual(given, expected) && user ? user : undefined;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
