import { ConfigError } from '../errors.ts';

/** Prints a ConfigError as the one line a user needs and exits 2; other errors are rethrown. */
export function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`golden-path: configuration error: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
