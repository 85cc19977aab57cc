import { failed, passed, type Judgement } from './judgement.ts';
import type { AttemptSummary } from './observe-attempt.ts';

/** What was presented and how, for the finding: "an expired token" in "the Authorization header". */
export interface Presented {
  token: string;
  transport: string;
  evidence: string;
}

/** A valid credential must get 101 and the ready event (for the token's own user, when known). */
export function judgeAccepted(
  s: AttemptSummary,
  p: Presented & { readyEvent: string | undefined; subject?: string | undefined; userId?: string | undefined },
): Judgement {
  if (s.ready && s.open) {
    if (p.subject && p.userId && p.userId !== p.subject) {
      return failed(
        'wrong_user',
        `${p.token} for ${p.subject} sent in ${p.transport} was greeted as ${p.userId}`,
        s,
        p.evidence,
      );
    }
    return passed(s);
  }
  if (s.httpStatus !== undefined && s.httpStatus !== 101) {
    return failed(
      'valid_token_refused',
      `${p.token} sent in ${p.transport} was refused with HTTP ${s.httpStatus}${s.errorField ? ` (${s.errorField})` : ''}`,
      s,
      p.evidence,
    );
  }
  if (!s.upgraded)
    return failed(
      'handshake_failed',
      `${p.token} sent in ${p.transport}: the handshake failed without an HTTP status`,
      s,
      p.evidence,
    );
  return failed(
    'not_ready',
    `${p.token} sent in ${p.transport} was upgraded but no ${p.readyEvent ?? 'ready event'} followed (${s.observed})`,
    s,
    p.evidence,
  );
}

/**
 * After a 101, what decides is what followed: the ready event, or a connection the server kept
 * open, let the client in; a close before either is a refusal, made after the upgrade.
 */
function admitted(s: AttemptSummary): boolean {
  return s.upgraded && (s.ready || s.keptOpen);
}

/** A missing or invalid credential must be refused with HTTP 401 before the upgrade: never 101, not even 101-then-close. */
export function judgeCredentialRefused(s: AttemptSummary, p: Presented & { statuses?: number[] }): Judgement {
  const statuses = p.statuses ?? [401];
  if (!s.upgraded && s.httpStatus !== undefined && statuses.includes(s.httpStatus)) return passed(s);
  if (admitted(s)) {
    const after = !s.ready
      ? 'a connection kept open (no ready event)'
      : s.open || s.closeCode === undefined
        ? 'a ready connection'
        : `a ready connection, closed ${s.closeCode} only after the ready event`;
    return failed(
      'invalid_token_accepted',
      `${p.token} sent in ${p.transport} was accepted: 101 and ${after}`,
      s,
      p.evidence,
    );
  }
  if (s.upgraded) {
    const closed = s.closeCode === undefined ? 'closed' : `closed ${s.closeCode}`;
    return failed(
      'upgrade_then_close',
      `${p.token} sent in ${p.transport} was upgraded (101) and then ${closed}, instead of refused with HTTP ${statuses.join(' or ')} before the upgrade`,
      s,
      p.evidence,
    );
  }
  if (s.httpStatus === undefined) {
    return failed(
      'no_http_status',
      `${p.token} sent in ${p.transport}: the handshake failed without an HTTP status (${s.observed})`,
      s,
      p.evidence,
    );
  }
  return failed(
    'wrong_refusal_status',
    `${p.token} sent in ${p.transport} was refused with HTTP ${s.httpStatus}, not ${statuses.join(' or ')}`,
    s,
    p.evidence,
  );
}
