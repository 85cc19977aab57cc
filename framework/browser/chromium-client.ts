import type { BrowserClient, BrowserClose } from './browser-socket.ts';
import type { OriginPage } from './page-at-origin.ts';

/** The function the page reports through (a DevTools binding). */
export const REPORT_BINDING = '__goldenPathReport';

/**
 * The page a Chromium client runs in: it opens a WebSocket when told to, as any page script does,
 * and reports each of its events to DevTools. The page decides nothing; the harness drives it.
 */
export const SOCKET_PAGE = `<!doctype html>
<meta charset="utf-8"><title>golden-path browser client</title>
<script>
  const report = (event) => window.${REPORT_BINDING}(JSON.stringify(event));
  let socket;
  window.goldenPath = {
    open(url, protocols) {
      try {
        socket = new WebSocket(url, protocols);
      } catch (error) {
        report({ kind: 'error', detail: String(error) });
        report({ kind: 'close', code: 1006, reason: '', wasClean: false });
        return;
      }
      socket.onopen = () => report({ kind: 'open', protocol: socket.protocol });
      socket.onmessage = (m) => report({ kind: 'message', text: typeof m.data === 'string' ? m.data : '' });
      socket.onerror = () => report({ kind: 'error' });
      socket.onclose = (c) => report({ kind: 'close', code: c.code, reason: c.reason, wasClean: c.wasClean });
    },
    send(text) { socket.send(text); },
    close(code, reason) { socket.close(code, reason); },
  };
</script>`;

type Report =
  | { kind: 'open'; protocol: string }
  | { kind: 'message'; text: string }
  | { kind: 'error'; detail?: string }
  | ({ kind: 'close' } & BrowserClose);

/**
 * Chromium as a BrowserClient: the socket lives in `page` (opened by a SOCKET_PAGE), its events come
 * back over DevTools, and DevTools' Network domain adds what the page cannot see: the handshake's
 * request headers as sent (the Origin among them) and the status of the answer. One socket per page at a time.
 */
export function chromiumClient(
  page: OriginPage,
  name = `headless Chromium (page at ${new URL(page.url).origin})`,
): BrowserClient {
  return {
    name,
    open(url, protocols, on) {
      let requestId: string | undefined;
      let closed = false;
      const closeOnce = (close: BrowserClose) => {
        if (closed) return;
        closed = true;
        stops.forEach((stop) => stop());
        on.close(close);
      };
      const mine = (p: Record<string, unknown>) => (requestId ??= String(p.requestId)) === p.requestId;
      const stops = [
        page.on(
          'Network.webSocketWillSendHandshakeRequest',
          (p) =>
            mine(p) && on.handshake({ requestHeaders: (p.request as { headers: Record<string, string> }).headers }),
        ),
        page.on(
          'Network.webSocketHandshakeResponseReceived',
          (p) => mine(p) && on.handshake({ status: (p.response as { status: number }).status }),
        ),
        // A failed handshake gets no response event, only this line, which tells the status.
        page.on('Network.webSocketFrameError', (p) => {
          if (!mine(p)) return;
          const detail = String(p.errorMessage);
          const status = statusOf(detail);
          if (status !== undefined) on.handshake({ status });
          on.error(detail);
        }),
        page.onReport((payload) => {
          const event = JSON.parse(payload) as Report;
          if (event.kind === 'open') on.open(event.protocol);
          else if (event.kind === 'message') on.message(event.text);
          else if (event.kind === 'error') on.error(event.detail);
          else closeOnce({ code: event.code, reason: event.reason, wasClean: event.wasClean });
        }),
      ];
      // The page or DevTools failed us: the socket is as good as cut.
      const fail = (error: Error) => {
        if (closed) return;
        on.error(error.message);
        closeOnce({ code: 1006, reason: '', wasClean: false });
      };
      void (async () => {
        await page.send('Network.enable');
        await page.evaluate(`goldenPath.open(${JSON.stringify(url)}, ${JSON.stringify(protocols)})`);
      })().catch(fail);
      return {
        send: (text) =>
          void page
            .evaluate(`goldenPath.send(${JSON.stringify(text)})`)
            .catch((error: Error) => on.error(error.message)),
        close: (code, reason) => void page.evaluate(`goldenPath.close(${code}, ${JSON.stringify(reason)})`).catch(fail),
      };
    },
  };
}

/**
 * The status behind Chromium's handshake error: the code it names ("Unexpected response code: 403"),
 * or 101 for a 101 it found wrong ("Sent non-empty 'Sec-WebSocket-Protocol' header but no response
 * was received"); a net:: error (refused, reset, blocked) had no answer to tell.
 */
function statusOf(error: string): number | undefined {
  const code = /Unexpected response code: (\d{3})/.exec(error);
  if (code) return Number(code[1]);
  return /^Error during WebSocket handshake: (?!net::)/.test(error) ? 101 : undefined;
}
