import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** Why no browser case can run here, for the n.a. note and the skipped test. */
export const NO_CHROMIUM =
  `Chromium not found (looked for CHROMIUM_PATH, then ${NAMES.join(', ')} on PATH and in /usr/bin); ` +
  'install it (Debian: apt-get install -y chromium) to run the browser cases';

/** Path of a Chromium binary: CHROMIUM_PATH first, then the usual names on PATH and in /usr/bin; undefined if none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH) return executable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/bin'];
  for (const name of NAMES) {
    const found = dirs.map((dir) => join(dir, name)).find(executable);
    if (found) return found;
  }
  return undefined;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
