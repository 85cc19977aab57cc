import { describe, expect, it } from 'vitest';
import type { BrowserSession } from '../../framework/checks/browser-client.ts';
import { judgeBrowserRefused, judgeBrowserSession } from '../../framework/checks/judge-browser.ts';
import { Timeline } from '../../framework/client/timeline.ts';

const CLIENT = 'headless Chromium (page at https://evil.example)';
const expected = { protocol: 'agent_chat', readyEvent: 'connection_established', tokenEntry: 'jwt.entry' };

/** A session as browserGoldenPath leaves it: `opened` adds the timeline's open entry. */
function session(fields: Partial<BrowserSession> & { opened?: boolean }): BrowserSession {
  const timeline = new Timeline('chromium');
  if (fields.opened) timeline.add({ kind: 'open', protocol: fields.protocol ?? '', status: 101 });
  const { opened: _, ...rest } = fields;
  return {
    client: CLIENT,
    protocol: '',
    httpStatus: undefined,
    requestHeaders: { Origin: 'https://evil.example' },
    ready: undefined,
    run: undefined,
    failure: undefined,
    close: undefined,
    timeline,
    ...rest,
  };
}
const ready = { type: 'connection_established', raw: {}, at: 0, index: 0 };

describe('judgeBrowserSession', () => {
  it('passes a ready session with the contract protocol, saying which Origin the browser sent', () => {
    expect(
      judgeBrowserSession(session({ opened: true, protocol: 'agent_chat', httpStatus: 101, ready }), expected),
    ).toEqual({
      ok: true,
      observed: 'sent Origin https://evil.example, 101 (protocol agent_chat), connection_established',
      httpStatus: 101,
    });
  });

  it('names a 101 the browser failed itself apart from a failed handshake', () => {
    const refusedByBrowser = session({
      httpStatus: 101,
      failure: 'the handshake failed (HTTP 101, close 1006): no protocol',
      close: { code: 1006, reason: '', wasClean: false },
    });
    expect(judgeBrowserSession(refusedByBrowser, expected)).toMatchObject({
      ok: false,
      finding: 'browser_refused_upgrade',
      message: `${CLIENT} got 101 and failed the connection itself: the handshake failed (HTTP 101, close 1006): no protocol`,
      closeCode: 1006,
    });
    const refused = session({ httpStatus: 401, failure: 'the handshake failed (HTTP 401, close 1006)' });
    expect(judgeBrowserSession(refused, expected)).toMatchObject({
      ok: false,
      finding: 'browser_client_failed',
      message: `${CLIENT} could not get going: the handshake failed (HTTP 401, close 1006)`,
    });
  });

  it('says the token entry was selected without showing it', () => {
    const echoed = judgeBrowserSession(
      session({ opened: true, protocol: 'jwt.entry', httpStatus: 101, ready }),
      expected,
    );
    expect(echoed).toMatchObject({
      ok: false,
      finding: 'browser_subprotocol',
      message: `${CLIENT} negotiated the token entry (the credential, echoed in the 101) instead of "agent_chat"`,
    });
    expect(
      judgeBrowserSession(session({ opened: true, protocol: '', httpStatus: 101, ready }), expected),
    ).toMatchObject({ message: `${CLIENT} negotiated "" instead of "agent_chat"` });
  });
});

describe('judgeBrowserRefused', () => {
  const origin = 'https://evil.example';

  it('passes HTTP 403 before the upgrade', () => {
    expect(
      judgeBrowserRefused(session({ httpStatus: 403, failure: 'the handshake failed (HTTP 403, close 1006)' }), {
        origin,
        readyEvent: 'connection_established',
      }),
    ).toMatchObject({ ok: true, httpStatus: 403 });
  });

  it('a socket the page got, or a 101 only the browser failed, is origin_not_checked', () => {
    const judge = (s: BrowserSession) => judgeBrowserRefused(s, { origin, readyEvent: 'connection_established' });
    expect(judge(session({ opened: true, protocol: 'agent_chat', httpStatus: 101, ready }))).toMatchObject({
      ok: false,
      finding: 'origin_not_checked',
      message: `${CLIENT} was upgraded (101), the page opened the WebSocket: Origin ${origin} must be refused with HTTP 403`,
    });
    expect(
      judge(session({ httpStatus: 101, failure: 'the handshake failed (HTTP 101, close 1006): no protocol' })),
    ).toMatchObject({
      ok: false,
      finding: 'origin_not_checked',
      message: expect.stringContaining(
        'only the browser failed it (the handshake failed (HTTP 101, close 1006): no protocol)',
      ),
    });
  });

  it('another status, or none the browser could tell, is said as such', () => {
    const judge = (s: BrowserSession) => judgeBrowserRefused(s, { origin, readyEvent: 'connection_established' });
    expect(judge(session({ httpStatus: 401 }))).toMatchObject({
      ok: false,
      finding: 'wrong_refusal_status',
      message: `${CLIENT} was refused with HTTP 401, not 403`,
    });
    expect(judge(session({ failure: 'no upgrade within 3000 ms' }))).toMatchObject({
      ok: false,
      finding: 'no_http_status',
      message: `${CLIENT}: the handshake failed without an HTTP status the browser could tell (no upgrade within 3000 ms)`,
    });
  });
});
