import type { BrowserSession } from './browser-client.ts';
import { failed, passed, type Judgement, type Observation } from './judgement.ts';

/**
 * A browser's golden path: upgraded with the contract's protocol and ready (the run itself is the
 * golden-path matcher's to judge). A 101 the browser itself failed is named apart: the server
 * answered, but not in a way a browser accepts.
 */
export function judgeBrowserSession(
  s: BrowserSession,
  o: { protocol: string; readyEvent: string | undefined; tokenEntry?: string },
): Judgement {
  const seen = observe(s, o.readyEvent);
  const evidence = s.timeline.render();
  if (s.failure && !opened(s) && s.httpStatus === 101) {
    return failed(
      'browser_refused_upgrade',
      `${s.client} got 101 and failed the connection itself: ${s.failure}`,
      seen,
      evidence,
    );
  }
  if (s.failure)
    return failed('browser_client_failed', `${s.client} could not get going: ${s.failure}`, seen, evidence);
  if (s.protocol !== o.protocol) {
    const got = s.protocol === o.tokenEntry ? 'the token entry (the credential, echoed in the 101)' : `"${s.protocol}"`;
    return failed('browser_subprotocol', `${s.client} negotiated ${got} instead of "${o.protocol}"`, seen, evidence);
  }
  return passed(seen);
}

/**
 * A page from a foreign origin must be refused before the upgrade (HTTP 403 by default): a socket it
 * could open is cross-site WebSocket hijacking, whatever the browser then made of the answer.
 */
export function judgeBrowserRefused(
  s: BrowserSession,
  o: { origin: string; readyEvent: string | undefined; statuses?: number[] },
): Judgement {
  const statuses = o.statuses ?? [403];
  const seen = observe(s, o.readyEvent);
  const evidence = s.timeline.render();
  if (s.httpStatus !== undefined && statuses.includes(s.httpStatus)) return passed(seen);
  if (s.httpStatus === 101 || opened(s)) {
    const then = opened(s) ? 'the page opened the WebSocket' : `only the browser failed it (${s.failure})`;
    return failed(
      'origin_not_checked',
      `${s.client} was upgraded (101), ${then}: Origin ${o.origin} must be refused with HTTP ${statuses.join(' or ')}`,
      seen,
      evidence,
    );
  }
  if (s.httpStatus !== undefined)
    return failed(
      'wrong_refusal_status',
      `${s.client} was refused with HTTP ${s.httpStatus}, not ${statuses.join(' or ')}`,
      seen,
      evidence,
    );
  return failed(
    'no_http_status',
    `${s.client}: the handshake failed without an HTTP status the browser could tell (${s.failure ?? 'no answer'})`,
    seen,
    evidence,
  );
}

function opened(s: BrowserSession): boolean {
  return s.timeline.entries.some((e) => e.kind === 'open');
}

/** What the browser sent and saw, in one line: the Origin it sent, the answer, how far it got. */
function observe(s: BrowserSession, readyEvent: string | undefined): Observation {
  const origin = Object.entries(s.requestHeaders ?? {}).find(([k]) => k.toLowerCase() === 'origin')?.[1];
  const parts = origin ? [`sent Origin ${origin}`] : [];
  if (opened(s)) parts.push(`101 (protocol ${s.protocol || 'none'})`);
  else if (s.httpStatus !== undefined) parts.push(`HTTP ${s.httpStatus}`);
  if (s.ready) parts.push(readyEvent ?? 'ready');
  if (s.run) parts.push(`run ${s.run.outcome}`);
  // A refusal's status says it all; any other failure is told as the browser told it.
  const refused = !opened(s) && s.httpStatus !== undefined && s.httpStatus !== 101;
  if (s.failure && !refused) parts.push(s.failure);
  return {
    observed: parts.join(', '),
    ...(s.httpStatus !== undefined ? { httpStatus: s.httpStatus } : {}),
    ...(s.close ? { closeCode: s.close.code, closeReason: s.close.reason } : {}),
  };
}
