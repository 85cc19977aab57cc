import { E2eError } from '../errors.ts';
import { CdpConnection } from './cdp-connection.ts';
import { findChromium, NO_CHROMIUM } from './find-chromium.ts';
import { launchChromium, type Chromium } from './launch-chromium.ts';

/** Bounds of the browser's own steps (not the target's): a cold start on a busy machine takes seconds. */
const LAUNCH_TIMEOUT_MS = 15_000;
export const DEVTOOLS_TIMEOUT_MS = 10_000;

/** Headless Chromium, started on first use and shared by the tests of a file. */
export interface ChromiumLauncher {
  /** DevTools of the running browser; an E2eError E2E_BROWSER_UNAVAILABLE, saying why, where none can run. */
  devTools(): Promise<CdpConnection>;
  /** Closes DevTools and kills the browser's process group, if it was started. */
  close(): Promise<void>;
}

/** `find`: where the browser is, looked up on first use (undefined where there is none). */
export function createChromiumLauncher(find: () => string | undefined = findChromium): ChromiumLauncher {
  let started: Promise<{ chromium: Chromium; cdp: CdpConnection }> | undefined;
  return {
    devTools: async () => (await (started ??= start(find()))).cdp,
    close: async () => {
      const running = await started?.catch(() => undefined);
      running?.cdp.close();
      await running?.chromium.close();
    },
  };
}

async function start(binary: string | undefined): Promise<{ chromium: Chromium; cdp: CdpConnection }> {
  if (!binary) throw new E2eError('E2E_BROWSER_UNAVAILABLE', NO_CHROMIUM);
  const chromium = await launchChromium(binary, { timeoutMs: LAUNCH_TIMEOUT_MS });
  try {
    return { chromium, cdp: await CdpConnection.connect(chromium.wsUrl, DEVTOOLS_TIMEOUT_MS) };
  } catch (error) {
    await chromium.close();
    throw new E2eError(
      'E2E_BROWSER_UNAVAILABLE',
      `${binary} started, but its DevTools could not be reached: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
