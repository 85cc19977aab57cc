import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../framework/cli/parse-args.ts';
import { ROOT } from './support/run-cli.ts';

const EXAMPLES = ['ci-examples/github/pr-gate.yml', 'ci-examples/github/nightly-staging.yml', 'ci-examples/gitlab/.gitlab-ci.yml'];

/** Every `golden-path …` command line in a CI file, with the CI's shard placeholders filled in. */
function commandsIn(text: string): string[][] {
  return [...text.matchAll(/npx golden-path ([^\n|]+?)(?:\s*\|\||\n|$)/g)].map((m) =>
    m[1]!
      .replace(/\$\{\{ matrix\.shard \}\}/g, '2')
      .replace(/\$\{CI_NODE_INDEX\}\/\$\{CI_NODE_TOTAL\}/g, '2/4')
      .trim()
      .split(/\s+/),
  );
}

describe('CI examples', () => {
  it.each(EXAMPLES)('%s is valid YAML whose golden-path commands the CLI accepts', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    expect(() => parse(text)).not.toThrow();
    const commands = commandsIn(text);
    expect(commands.length).toBeGreaterThan(0);
    for (const argv of commands) expect(() => parseArgs(argv), argv.join(' ')).not.toThrow();
  });

  it('the PR gates shard the run and merge it; the nightly runs staging and compares with the previous night', () => {
    const kinds = (file: string) => commandsIn(readFileSync(join(ROOT, file), 'utf8')).map((argv) => parseArgs(argv));
    for (const file of ['ci-examples/github/pr-gate.yml', 'ci-examples/gitlab/.gitlab-ci.yml']) {
      const cmds = kinds(file);
      expect(cmds.find((c) => c.kind === 'run'), file).toMatchObject({ shard: { index: 2, count: 4 } });
      expect(cmds.some((c) => c.kind === 'merge'), file).toBe(true);
    }
    const nightly = kinds('ci-examples/github/nightly-staging.yml');
    expect(nightly.find((c) => c.kind === 'run')).toMatchObject({ env: 'staging' });
    expect(nightly.find((c) => c.kind === 'compare')).toMatchObject({ old: 'previous/summary.json', new: 'reports/summary.json' });
    const gitlab = readFileSync(join(ROOT, 'ci-examples/gitlab/.gitlab-ci.yml'), 'utf8');
    expect(gitlab).toMatch(/E2E_ENV: staging/);
    expect(kinds('ci-examples/gitlab/.gitlab-ci.yml').some((c) => c.kind === 'compare')).toBe(true);
  });

  it('staging secrets come from the CI store, never from a file', () => {
    const nightly = parse(readFileSync(join(ROOT, 'ci-examples/github/nightly-staging.yml'), 'utf8')) as { jobs: Record<string, { steps: { env?: Record<string, string> }[] }> };
    const env = Object.assign({}, ...nightly.jobs.nightly!.steps.map((s) => s.env ?? {})) as Record<string, string>;
    expect(env.E2E_USERS).toBe('${{ secrets.E2E_USERS }}');
    expect(env.E2E_SIGNING_KEY).toBe('${{ secrets.E2E_SIGNING_KEY }}');
    expect(readFileSync(join(ROOT, 'env/staging.env'), 'utf8')).not.toMatch(/^E2E_(USERS|SIGNING_KEY)=/m);
  });
});
