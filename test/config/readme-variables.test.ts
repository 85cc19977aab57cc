import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../framework/config/load-config.ts';
import { VARIABLES, type VariableSpec } from '../../framework/config/variables.ts';

/** The README's row for one variable, as framework/config/variables.ts describes it. */
function row(v: VariableSpec): string {
  const kind = v.values ? v.values.join(' \\| ') : v.kind;
  const def = v.default !== undefined ? `\`${v.default || '""'}\`` : '';
  return `| \`${v.name}\` | ${kind} | ${def} | ${v.doc.replace(/\|/g, '\\|')} |`;
}

describe('README', () => {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');

  it.each(VARIABLES.map((v) => [v.name, v] as const))('documents %s as the code reads it', (_name, v) => {
    expect(readme).toContain(row(v));
  });

  it('gives the two commands', () => {
    expect(readme).toContain('npm ci && npm run e2e');
    expect(readme).toContain('npm test');
  });
});
