import { decodeJwt } from 'jose';
import {
  closeText,
  describe,
  hasErrorCode,
  isErrorEvent,
  observeClose,
  test,
  type ChatClient,
  type CloseInfo,
} from '../framework/index.ts';
import {
  failed,
  heartbeatMayHaveClosed,
  missingFact,
  passed,
  summarizeAttempt,
  type Judgement,
} from '../framework/protocol.ts';

// Where a server states no cap, or one above this, the cap check does not open that many connections.
const MAX_CAP_PROBED = 200;
// A flood is bounded in count whatever the stated rate.
const MAX_FLOOD = 20_000;

/**
 * Waits for `client` to close while the server still answers: until `quietMs` pass with no event
 * from it, or `limitMs` in all. Undefined when it is still open then.
 */
async function closeOrQuiet(client: ChatClient, quietMs: number, limitMs: number): Promise<CloseInfo | undefined> {
  const until = performance.now() + limitMs;
  for (;;) {
    const heard = client.events.length;
    const wait = Math.min(quietMs, until - performance.now());
    const closed = await client.waitForClose(Math.max(1, wait)).catch(() => undefined);
    if (closed || client.events.length === heard || performance.now() >= until) return closed;
  }
}

/** How a flood or an expiry ended the connection: 1011 and any other code outside `allowed` are named. */
function judgeEnding(client: ChatClient, what: string, allowed: number[], observed?: string): Judgement {
  const close = client.closeInfo!;
  const observation = observeClose(close, observed);
  if (allowed.includes(close.code)) return passed(observation);
  const internal = close.code === 1011;
  const ended = internal ? 'close 1011 (internal error)' : `close ${close.code}`;
  const message = `${what} ended with ${ended} instead of ${allowed.join(' or ')}`;
  return failed(internal ? 'internal_error' : 'wrong_close_code', message, observation, client.timeline.render());
}

describe('auth session: a connection is held to its token, its rate and its cap', () => {
  test('a token that expires while connected → error token_expired, then close 1008, within a bounded time', async ({
    auth,
    connect,
    contract,
    config,
    checks,
  }) => {
    const ttlSeconds = 2;
    const grace = config.timeouts.eventMs;
    const check = checks.begin({
      id: 'auth-session/token-expiry',
      description: `a token with a ${ttlSeconds} s lifetime, left connected past its exp`,
      expectation: `error token_expired, then close 1008, within ${grace} ms of exp`,
    });
    if (!auth.tokens)
      return check.notApplicable(
        "a short-lived token must be minted with the target's key, and the harness has none (set E2E_SIGNING_KEY)",
      );
    const token = await auth.tokens.valid(auth.subject(0), { ttlSeconds });
    const expiresAt = decodeJwt(token).exp! * 1000;
    const client = await check.step(connect({ token }), 'connect_failed');
    client.expectClose(1008);

    const bound = Math.max(0, expiresAt - Date.now()) + grace;
    const expired = await client
      .waitFor((e) => isErrorEvent(contract, e) && hasErrorCode(contract, e, 'token_expired'), { timeoutMs: bound })
      .catch(() => undefined);
    const afterExp = Math.round(Date.now() - expiresAt);
    const closed = await client.waitForClose(expired ? grace : 1).catch(() => undefined);
    if (!expired && !closed) {
      return check.fail('expiry_not_enforced', {
        message:
          `the token expired ${afterExp} ms ago and the connection is still open: ` +
          'no token_expired error, no close 1008',
        observed: `still open ${afterExp} ms after exp`,
        evidence: client.timeline,
      });
    }
    if (!expired) {
      return check.fail('no_token_expired_error', {
        message: `the connection ended at expiry with ${closeText(closed!)} and no token_expired error`,
        ...observeClose(closed!),
        evidence: client.timeline,
      });
    }
    if (!closed) {
      return check.fail('expiry_not_enforced', {
        message: `token_expired arrived ${afterExp} ms after exp but the connection was not closed within ${grace} ms`,
        observed: 'token_expired, connection still open',
        evidence: client.timeline,
      });
    }
    const ending = `token_expired ${afterExp} ms after exp, then ${closeText(closed)}`;
    check.record(judgeEnding(client, 'a token expiring while connected', [1008], ending));
  });

  // Alone, like the cap below: a backend may keep its limits per user or per address, and what it
  // does to the flooding user must not land on the other suites' connections.
  test(
    'a flood beyond the stated rate → close 1008 or 1013, never 1011',
    { tags: ['alone'] },
    async ({ connect, contract, config, checks, facts }) => {
      const rate = facts.rateLimit;
      const count = rate ? Math.min(MAX_FLOOD, 2 * rate.burst + rate.perS) : 0;
      const stated = rate ? ` (stated rate: burst ${rate.burst}, ${rate.perS}/s)` : '';
      const check = checks.begin({
        id: 'auth-session/rate-limit',
        description: `${count || 'N'} messages sent at once${stated}`,
        expectation: 'close 1008 (policy) or 1013 (try again later); never 1011',
      });
      if (!rate) return check.notApplicable(missingFact(facts, 'rate_limit {burst, per_s}'));
      const client = await check.step(connect(), 'connect_failed');
      client.expectClose(1008, 1013);

      // A resume of an unknown run: a valid message that starts no agent run
      // (without resume, an empty object: an error frame each).
      const frame = contract.encodeResume?.({ runId: 'run_flood_probe', afterSeq: 0 }) ?? '{}';
      const floodAt = performance.now();
      let sent = 0;
      for (; sent < count && client.isOpen; sent++) client.send(frame);
      const closed = await closeOrQuiet(client, config.timeouts.eventMs, config.timeouts.runMs);
      if (!closed) {
        return check.fail('no_rate_limit', {
          message:
            `${sent} messages beyond a stated burst of ${rate.burst} were all taken: ` +
            `the connection is still open ${Math.round(performance.now() - floodAt)} ms after the flood began ` +
            `(waited for a quiet ${config.timeouts.eventMs} ms, E2E_EVENT_TIMEOUT_MS, or E2E_RUN_TIMEOUT_MS in all)`,
          observed: `${sent} sent, connection open`,
          evidence: client.timeline,
        });
      }
      // A server that reads the flood slower than its idle limit allows (a busy machine) may be closed
      // by its own heartbeat before it reaches its rate limit.
      const flood = { at: floodAt, what: `a flood of ${sent} messages`, before: 'its rate limit was reached' };
      const heartbeat = heartbeatMayHaveClosed(closed, flood, config.heartbeat);
      if (heartbeat && ![1008, 1013].includes(closed.code)) return check.notApplicable(heartbeat);
      check.record(judgeEnding(client, `a flood of ${sent} messages`, [1008, 1013]));
    },
  );

  // Alone: without minted tokens the probe's user is an account the other suites use too.
  test(
    'the per-user connection cap → HTTP 429/503, or close 1008/1013, for the connection over it',
    { tags: ['alone'] },
    async ({ auth, connect, checks, facts }) => {
      const cap = facts.maxConnectionsPerUser;
      const check = checks.begin({
        id: 'auth-session/connection-cap',
        description: `${cap ?? 'N'} connections of one user, then one more`,
        expectation: 'the first ones ready; the one over the cap refused with 429 or 503, or closed 1008 or 1013',
      });
      if (!cap)
        return check.notApplicable(
          cap === 0
            ? 'the target states no per-user cap (max_connections_per_user: 0)'
            : missingFact(facts, 'max_connections_per_user'),
        );
      if (cap > MAX_CAP_PROBED)
        return check.notApplicable(
          `the stated cap (${cap}) is above the ${MAX_CAP_PROBED} connections this check opens`,
        );
      const user = auth.tokens ? 'user_cap_probe' : 0;

      for (let i = 0; i < cap; i++) await check.step(connect({ user, label: `cap-${i + 1}` }), 'under_cap_refused');
      const over = await check.step(connect.attempt({ user, label: `cap-${cap + 1}` }));
      over.client.expectClose(1008, 1013);
      const s = summarizeAttempt(over);
      if (!s.upgraded && (s.httpStatus === 429 || s.httpStatus === 503)) return void check.pass(s);
      if (s.upgraded && !s.open && (s.closeCode === 1008 || s.closeCode === 1013)) return void check.pass(s);
      const waited = s.upgraded && s.open ? await over.client.waitForClose(1000).catch(() => undefined) : undefined;
      if (waited && (waited.code === 1008 || waited.code === 1013))
        return void check.pass({ ...s, ...observeClose(waited, `${s.observed}, then ${closeText(waited)}`) });
      const kept = s.upgraded && s.open;
      const answer = kept ? 'was accepted and kept' : `got ${s.observed}`;
      return check.fail(kept ? 'no_connection_cap' : 'wrong_cap_answer', {
        message: `connection ${cap + 1} of one user, over the stated cap of ${cap}, ${answer}`,
        ...s,
        evidence: over.client.timeline,
      });
    },
  );
});
