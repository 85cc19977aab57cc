import { E2eError } from '../errors.ts';
import type { BrowserClient } from './browser-socket.ts';
import type { CdpConnection } from './cdp-connection.ts';
import { chromiumClient, REPORT_BINDING, SOCKET_PAGE } from './chromium-client.ts';
import { DEVTOOLS_TIMEOUT_MS, type ChromiumLauncher } from './chromium-launcher.ts';
import { openPageAt, type OriginPage } from './page-at-origin.ts';

/** Pages in headless Chromium, each served at an origin of the test's choosing; all closed after the test. */
export interface BrowserPages {
  /**
   * A page at `origin` in headless Chromium, as a client that opens WebSockets to `wsUrl` from it.
   * Rejects with E2E_BROWSER_UNAVAILABLE, saying why, where no browser can: Chromium missing or
   * not starting, or a page at `origin` that a browser would not let reach `wsUrl`.
   * @example const chromium = await check.step(browser.page(config.allowedOrigin, target.wsUrl));
   */
  page(origin: string, wsUrl: string): Promise<BrowserClient>;
  closeAll(): Promise<void>;
}

export function createBrowserPages(launcher: ChromiumLauncher): BrowserPages {
  const pages: OriginPage[] = [];
  return {
    async page(origin, wsUrl) {
      const blocked = mixedContent(origin, wsUrl);
      if (blocked) throw new E2eError('E2E_BROWSER_UNAVAILABLE', blocked);
      const cdp = await launcher.devTools();
      const url = `${new URL(origin).origin}/golden-path/browser-client.html`;
      await allowLocalNetwork(cdp, new URL(origin).origin);
      const page = await openPageAt(cdp, {
        url,
        html: SOCKET_PAGE,
        binding: REPORT_BINDING,
        timeoutMs: DEVTOOLS_TIMEOUT_MS,
      });
      pages.push(page);
      return chromiumClient(page);
    },
    closeAll: async () => {
      await Promise.all(pages.splice(0).map((page) => page.close()));
    },
  };
}

/** Chromium's Local Network Access permissions, by the names each version knows (older ones have none). */
const LOCAL_NETWORK = ['localNetworkAccess', 'localNetwork', 'loopbackNetwork'];

/**
 * A page served at a public origin may reach loopback or private addresses only with the user's
 * permission (Local Network Access, which covers WebSockets). In production the app and its backend
 * are both public; here the backend may be on loopback, so the permission is granted as a user
 * would, to every page alike: what stops a foreign page must be the server's Origin check, nothing else.
 */
async function allowLocalNetwork(cdp: CdpConnection, origin: string): Promise<void> {
  for (const permission of LOCAL_NETWORK) {
    await cdp
      .send('Browser.grantPermissions', { origin, permissions: [permission] }, undefined, DEVTOOLS_TIMEOUT_MS)
      .catch(() => {});
  }
}

/**
 * Browsers refuse `ws://` from an `https://` page (mixed content), except to loopback, which is
 * potentially trustworthy: such a target cannot be reached from its own allowed origin at all.
 */
function mixedContent(origin: string, wsUrl: string): string | undefined {
  const page = new URL(origin);
  const target = new URL(wsUrl);
  const loopback = target.hostname === 'localhost' || target.hostname === '[::1]' || /^127\./.test(target.hostname);
  if (page.protocol !== 'https:' || target.protocol !== 'ws:' || loopback) return undefined;
  return `a page at ${page.origin} may not open ${target.origin} (a browser blocks ws:// from an https:// page as mixed content); the browser case needs the target's wss:// URL in E2E_WS_URL`;
}
