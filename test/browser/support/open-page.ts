import type { CdpConnection } from '../../../framework/browser/cdp-connection.ts';

export interface Page {
  /** Every URL the page asked for, the page itself included. */
  readonly requests: string[];
  /** Evaluates an expression in the page and returns its JSON value. */
  evaluate<T>(expression: string): Promise<T>;
  /** A PNG of the page from `fromY` (CSS pixels, default the top), at most `maxHeight` tall. */
  screenshot(maxHeight?: number, fromY?: number): Promise<Buffer>;
  close(): Promise<void>;
}

/** Opens `url` in a new tab of the connected browser and waits for its load event. */
export async function openPage(
  cdp: CdpConnection,
  url: string,
  viewport = { width: 1280, height: 900 },
): Promise<Page> {
  const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
  const requests: string[] = [];
  cdp.on('Network.requestWillBeSent', (params, sid) => {
    if (sid === sessionId) requests.push(String((params.request as { url?: string } | undefined)?.url));
  });
  await cdp.send('Network.enable', {}, sessionId);
  await cdp.send('Page.enable', {}, sessionId);
  await cdp.send('Emulation.setDeviceMetricsOverride', { ...viewport, deviceScaleFactor: 1, mobile: false }, sessionId);
  const loaded = cdp.waitFor('Page.loadEventFired', sessionId);
  await cdp.send('Page.navigate', { url }, sessionId);
  await loaded;

  return {
    requests,
    evaluate: async <T>(expression: string) => {
      const r = await cdp.send<{ result: { value?: unknown }; exceptionDetails?: { text: string } }>(
        'Runtime.evaluate',
        { expression, returnByValue: true, awaitPromise: true },
        sessionId,
      );
      if (r.exceptionDetails) throw new Error(`page script failed: ${r.exceptionDetails.text}`);
      return r.result.value as T;
    },
    screenshot: async (maxHeight = 3000, fromY = 0) => {
      const metrics = await cdp.send<{ cssContentSize: { height: number } }>('Page.getLayoutMetrics', {}, sessionId);
      const height = Math.max(1, Math.min(Math.ceil(metrics.cssContentSize.height) - fromY, maxHeight));
      const clip = { x: 0, y: fromY, width: viewport.width, height, scale: 1 };
      const shot = await cdp.send<{ data: string }>(
        'Page.captureScreenshot',
        { format: 'png', captureBeyondViewport: true, clip },
        sessionId,
        30_000,
      );
      return Buffer.from(shot.data, 'base64');
    },
    close: async () => {
      await cdp.send('Target.closeTarget', { targetId }).catch(() => {});
    },
  };
}
