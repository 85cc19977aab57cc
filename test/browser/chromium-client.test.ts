import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { createBrowserPages } from '../../framework/browser/browser-pages.ts';
import { createChromiumLauncher } from '../../framework/browser/chromium-launcher.ts';
import { findChromium } from '../../framework/browser/find-chromium.ts';
import { checkGoldenPath } from '../../framework/assertions/golden-path-rules.ts';
import { browserGoldenPath } from '../../framework/checks/browser-client.ts';
import { judgeBrowserRefused, judgeBrowserSession } from '../../framework/checks/judge-browser.ts';
import { agentChatContract as contract } from '../../framework/contract/agent-chat.ts';
import { closePeers, wsPeer } from '../raw/support/peers.ts';

const ALLOWED = 'https://app.example.com';
const FOREIGN = 'https://evil.example';
const TOKEN = 'chromium.client.token';
const ENTRY = contract.tokenSubprotocol(TOKEN);
const READY = JSON.stringify({ type: 'connection_established', connection_id: 'c1', user_id: 'user_alice' });
const expected = { protocol: 'agent_chat', readyEvent: contract.readyEvent };
const options = (url: string) => ({
  url,
  token: TOKEN,
  contract,
  handshakeTimeoutMs: 3000,
  eventTimeoutMs: 1000,
  runTimeoutMs: 3000,
});

function agent(ws: WebSocket): void {
  ws.on('message', (data) => {
    const { id } = JSON.parse(data.toString()) as { id: string };
    const types = ['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed'];
    types.forEach((type, i) =>
      ws.send(
        JSON.stringify({
          type,
          run_id: 'run_1',
          thread_id: 't1',
          message_id: id,
          seq: i + 1,
          ...(type.startsWith('tool') ? { call_id: 'c1' } : {}),
          ...(type === 'agent_completed' ? { answer: 'sunny' } : {}),
        }),
      ),
    );
  });
}

/** A server with an Origin allowlist, as the reference backend has: anything else gets 403 before the upgrade. */
const allowlisted = (origins: string[]) => ({
  handleProtocols: (p: Set<string>) => (p.has('agent_chat') ? 'agent_chat' : false),
  verifyClient: (info: { origin: string }, done: (ok: boolean, status?: number) => void) =>
    done(origins.includes(info.origin), 403),
});

describe('the browser pages: where no browser can reach the target', () => {
  it('a ws:// target on another host from an https:// page is mixed content: E2E_BROWSER_UNAVAILABLE naming E2E_WS_URL, before any browser starts', async () => {
    const pages = createBrowserPages(
      createChromiumLauncher(() => {
        throw new Error('no browser should start');
      }),
    );
    await expect(pages.page(ALLOWED, 'ws://staging.example.net/ws')).rejects.toMatchObject({
      code: 'E2E_BROWSER_UNAVAILABLE',
      message: expect.stringMatching(
        /a page at https:\/\/app\.example\.com may not open ws:\/\/staging\.example\.net .*mixed content.*E2E_WS_URL/,
      ),
    });
  });
});

describe.skipIf(!findChromium())('chromiumClient: a page in headless Chromium as the browser', () => {
  const launcher = createChromiumLauncher();
  const pages = createBrowserPages(launcher);
  afterEach(async () => {
    await pages.closeAll();
    await closePeers();
  });
  afterAll(() => launcher.close());

  it('a page served at the allowed origin: Chromium sends that Origin, only the jwt.* entry carries the token, the golden path completes', async () => {
    const peer = await wsPeer(allowlisted([ALLOWED]), agent, READY);
    const session = await browserGoldenPath({
      ...options(peer.url),
      client: await pages.page(ALLOWED, peer.url),
      label: 'chromium',
    });

    const request = peer.requests[0]!;
    expect(request.headers.origin).toBe(ALLOWED); // what the server got is what Chromium computed, not a header we wrote
    expect(request.headers.authorization).toBeUndefined();
    expect(request.headers['sec-websocket-protocol']).toBe(`agent_chat, ${ENTRY}`);
    expect(session.requestHeaders?.Origin).toBe(ALLOWED);
    expect(session).toMatchObject({
      client: `headless Chromium (page at ${ALLOWED})`,
      protocol: 'agent_chat',
      httpStatus: 101,
      failure: undefined,
    });
    expect(checkGoldenPath(session.run!, contract)).toEqual([]);
    expect(judgeBrowserSession(session, expected)).toMatchObject({
      ok: true,
      observed: `sent Origin ${ALLOWED}, 101 (protocol agent_chat), connection_established, run completed`,
    });
    expect(session.timeline.render()).not.toContain(ENTRY.slice(4));
  });

  it('a page at another origin: the 403 before the upgrade is told, with the Origin Chromium sent', async () => {
    const peer = await wsPeer(allowlisted([ALLOWED]), agent, READY);
    const session = await browserGoldenPath({ ...options(peer.url), client: await pages.page(FOREIGN, peer.url) });
    expect(peer.requests[0]!.headers.origin).toBe(FOREIGN);
    expect(session.httpStatus).toBe(403);
    expect(session.failure).toBe(
      'the handshake failed (HTTP 403, close 1006): Error during WebSocket handshake: Unexpected response code: 403',
    );
    expect(judgeBrowserRefused(session, { origin: FOREIGN, readyEvent: contract.readyEvent })).toMatchObject({
      ok: true,
      httpStatus: 403,
      observed: expect.stringMatching(/^sent Origin https:\/\/evil\.example, HTTP 403/),
    });
  });

  it('a server without an allowlist: the foreign page gets its socket, named origin_not_checked', async () => {
    const peer = await wsPeer(allowlisted([ALLOWED, FOREIGN]), agent, READY);
    const session = await browserGoldenPath({ ...options(peer.url), client: await pages.page(FOREIGN, peer.url) });
    const judged = judgeBrowserRefused(session, { origin: FOREIGN, readyEvent: contract.readyEvent });
    expect(judged).toMatchObject({
      ok: false,
      finding: 'origin_not_checked',
      message: `headless Chromium (page at ${FOREIGN}) was upgraded (101), the page opened the WebSocket: Origin ${FOREIGN} must be refused with HTTP 403`,
    });
  });

  it('a 101 that selects no protocol, though the page offered some: Chromium fails it, and says why', async () => {
    const peer = await wsPeer({ handleProtocols: () => false }, agent, READY);
    const session = await browserGoldenPath({ ...options(peer.url), client: await pages.page(ALLOWED, peer.url) });
    const judged = judgeBrowserSession(session, expected);
    expect(judged).toMatchObject({ ok: false, finding: 'browser_refused_upgrade' });
    expect(judged.ok || judged.message).toMatch(
      /^headless Chromium \(page at https:\/\/app\.example\.com\) got 101 and failed the connection itself: the handshake failed \(HTTP 101, close 1006\): Error during WebSocket handshake: Sent non-empty 'Sec-WebSocket-Protocol' header but no response was received$/,
    );
  });

  it('a 101 that selects the token entry: Chromium takes it (it was offered), named browser_subprotocol', async () => {
    const peer = await wsPeer(
      { handleProtocols: (p) => [...p].find((x) => x.startsWith('jwt.')) ?? false },
      agent,
      READY,
    );
    const session = await browserGoldenPath({ ...options(peer.url), client: await pages.page(ALLOWED, peer.url) });
    expect(judgeBrowserSession(session, { ...expected, tokenEntry: ENTRY })).toMatchObject({
      ok: false,
      finding: 'browser_subprotocol',
      message: `headless Chromium (page at ${ALLOWED}) negotiated the token entry (the credential, echoed in the 101) instead of "agent_chat"`,
    });
  });
});
