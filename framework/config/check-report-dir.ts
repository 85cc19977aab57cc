import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../errors.ts';

/**
 * Stops the run before any suite when the reports could not be written: they are written last,
 * so a bad E2E_REPORT_DIR would otherwise lose a whole run's evidence. Creates nothing.
 */
export function checkReportDir(dir: string, file: string | undefined): void {
  let existing = dir;
  while (!existsSync(existing)) existing = dirname(existing);
  const why = !statSync(existing).isDirectory()
    ? `${existing} is a file, not a directory`
    : writable(existing)
      ? undefined
      : `${existing} is not writable`;
  if (why)
    throw new ConfigError(
      'E2E_CONFIG_INVALID',
      'E2E_REPORT_DIR',
      `cannot write reports to ${dir}: ${why}; expected a directory the harness can create or write`,
      file,
    );
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
