import { E2eError } from '../errors.ts';
import type { CdpConnection } from './cdp-connection.ts';

export interface OriginPage {
  /** The page's URL, under the origin it was served from. */
  readonly url: string;
  /** Calls `listener` on every DevTools event `method` of this page; returns what stops it. */
  on(method: string, listener: (params: Record<string, unknown>) => void): () => void;
  /** Calls `listener` with every string the page passes to `window[binding](…)`: how it reports back. */
  onReport(listener: (payload: string) => void): () => void;
  /** Sends a DevTools command to this page. */
  send<T = Record<string, unknown>>(method: string, params?: object): Promise<T>;
  /** Evaluates `expression` in the page (awaiting a promise); rejects with the page's exception. */
  evaluate<T>(expression: string): Promise<T>;
  close(): Promise<void>;
}

export interface OriginPageOptions {
  /** Where the page is served: any URL, e.g. `https://app.example.com/chat`. */
  url: string;
  html: string;
  /** A function the page can call to report to DevTools (`Runtime.addBinding`). */
  binding: string;
  timeoutMs: number;
}

/**
 * Opens a tab whose document is `html`, answered by DevTools itself at `url` (Fetch interception):
 * no server, no DNS, no certificate. The document's origin is that URL's, so the Origin of every
 * request the page makes is the one Chromium computes for it, not a header the harness wrote.
 */
export async function openPageAt(cdp: CdpConnection, o: OriginPageOptions): Promise<OriginPage> {
  const origin = new URL(o.url).origin;
  const { targetId } = await cdp.send<{ targetId: string }>(
    'Target.createTarget',
    { url: 'about:blank' },
    undefined,
    o.timeoutMs,
  );
  const stops: (() => void)[] = [];
  const close = async () => {
    stops.splice(0).forEach((stop) => stop());
    await cdp.send('Target.closeTarget', { targetId }, undefined, 2000).catch(() => {});
  };
  try {
    const { sessionId } = await cdp.send<{ sessionId: string }>(
      'Target.attachToTarget',
      { targetId, flatten: true },
      undefined,
      o.timeoutMs,
    );
    const send = <T = Record<string, unknown>>(method: string, params: object = {}) =>
      cdp.send<T>(method, params, sessionId, o.timeoutMs);
    const on = (method: string, listener: (params: Record<string, unknown>) => void) => {
      const stop = cdp.on(method, (params, sid) => sid === sessionId && listener(params));
      stops.push(stop);
      return stop;
    };
    on('Fetch.requestPaused', (p) => {
      const { requestId, request } = p as { requestId: string; request: { url: string } };
      const found = request.url === o.url;
      void send('Fetch.fulfillRequest', {
        requestId,
        responseCode: found ? 200 : 404,
        responseHeaders: [
          { name: 'Content-Type', value: 'text/html; charset=utf-8' },
          { name: 'Cache-Control', value: 'no-store' },
        ],
        body: Buffer.from(found ? o.html : '').toString('base64'),
      }).catch(() => {});
    });
    await send('Fetch.enable', { patterns: [{ urlPattern: `${origin}/*`, requestStage: 'Request' }] });
    await send('Runtime.enable');
    await send('Runtime.addBinding', { name: o.binding });
    await send('Page.enable');
    const loaded = cdp.waitFor('Page.loadEventFired', sessionId, o.timeoutMs);
    const nav = await send<{ errorText?: string }>('Page.navigate', { url: o.url });
    if (nav.errorText) {
      loaded.catch(() => {});
      throw new E2eError('E2E_BROWSER_FAILED', `Chromium could not open ${o.url}: ${nav.errorText}`);
    }
    await loaded;
    return {
      url: o.url,
      on,
      send,
      onReport: (listener) => on('Runtime.bindingCalled', (p) => p.name === o.binding && listener(String(p.payload))),
      evaluate: async <T>(expression: string) => {
        const r = await send<{
          result: { value?: unknown };
          exceptionDetails?: { text: string; exception?: { description?: string } };
        }>('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
        if (r.exceptionDetails)
          throw new E2eError(
            'E2E_BROWSER_FAILED',
            `page script failed: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`,
          );
        return r.result.value as T;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
