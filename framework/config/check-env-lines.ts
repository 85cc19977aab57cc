import { ConfigError } from '../errors.ts';

/** Every line is NAME=value, a comment or blank: dotenv skips one it cannot read (`E2E_X 3000`) in silence. */
export function checkEnvLines(text: string, file: string): void {
  let quote: string | undefined;
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (quote) {
      if (trimmed.endsWith(quote)) quote = undefined;
      return;
    }
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_][\w.-]*)\s*=\s*(["'`]?)(.*)$/.exec(trimmed);
    if (!m) {
      const name = /^[A-Za-z_][\w.-]*/.exec(trimmed)?.[0] ?? `line ${i + 1}`;
      throw new ConfigError(
        'E2E_CONFIG_INVALID',
        name,
        `line ${i + 1} is not NAME=value: ${JSON.stringify(trimmed.slice(0, 60))}`,
        file,
      );
    }
    // A quoted value that does not close on its line goes on until its closing quote.
    const [, , open = '', value = ''] = m;
    if (open && !value.replace(/\s+#.*$/, '').endsWith(open)) quote = open;
  });
}
