import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vitestFlag, VITEST_FLAGS } from '../../framework/cli/vitest-flags.ts';
import { ROOT } from './support/run-cli.ts';

describe('the vitest options golden-path run passes through', () => {
  it('are all vitest run options, taking the value vitest expects (checked against the installed vitest --help)', () => {
    const help = execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--help', '--expand-help'],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    const options = new Map(
      [...help.matchAll(/^\s+(?:-\w, )?(--[\w.]+)(?: ([<[])[^>\]]*[>\]])?/gm)].map((m) => [m[1]!, m[2]]),
    );
    const wrong = VITEST_FLAGS.filter((f) => {
      const value = options.get(f.name);
      if (!options.has(f.name)) return true;
      return f.value === 'none' ? value !== undefined : f.value === 'optional' ? value !== '[' : value !== '<';
    }).map(
      (f) => `${f.name} (${f.value}, vitest: ${options.has(f.name) ? (options.get(f.name) ?? 'switch') : 'absent'})`,
    );
    expect(wrong).toEqual([]);
    expect(options.get('--testNamePattern')).toBe('<');
    expect(options.get('--bail')).toBe('<');
  });

  it.each([
    ['--reporter', '--reporter'],
    ['--outputFile', '--outputFile'],
    ['--outputFile.json', '--outputFile'],
    ['--outputFile.', undefined],
    ['--retry.count', undefined],
    ['--watch', undefined],
    ['--project', undefined],
  ])('%s → %s', (name, expected) => {
    expect(vitestFlag(name)?.name).toBe(expected);
  });
});
