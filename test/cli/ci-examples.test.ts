import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../framework/cli/parse-args.ts';
import { loadConfig } from '../../framework/config/load-config.ts';
import { runPreflight } from '../../framework/target/preflight.ts';
import { startReferenceStack, type ReferenceStack } from '../../reference/index.ts';
import { ROOT } from './support/run-cli.ts';

const EXAMPLES = [
  'ci-examples/github/pr-gate.yml',
  'ci-examples/github/nightly-staging.yml',
  'ci-examples/gitlab/.gitlab-ci.yml',
  'deploy/ci/github-actions-shards.yml',
];

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
}
interface Workflow {
  permissions?: Record<string, string>;
  jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const workflow = (file: string) => parse(read(file)) as Workflow;

/** Every `golden-path …` command line in a CI file, with the CI's shard placeholders filled in. */
function commandsIn(text: string): string[][] {
  return [...text.matchAll(/npm exec --no -- golden-path ([^\n|]+?)(?:\s*\|\||\n|$)/g)].map((m) =>
    m[1]!
      .replace(/\$\{\{ matrix\.shard \}\}/g, '2')
      .replace(/\$\{CI_NODE_INDEX\}\/\$\{CI_NODE_TOTAL\}/g, '2/4')
      .trim()
      .split(/\s+/),
  );
}

/** A step's env as GitHub renders it: `${{ vars.X }}` and `${{ secrets.X }}` from the store, an empty string when unset. */
function rendered(env: Record<string, string>, store: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([k, v]) => [
      k,
      v.replace(/\$\{\{\s*(?:vars|secrets)\.(\w+)\s*\}\}/g, (_, name: string) => store[name] ?? ''),
    ]),
  );
}

describe('CI examples', () => {
  it.each(EXAMPLES)('%s is valid YAML whose golden-path commands the CLI accepts', (file) => {
    const text = read(file);
    expect(() => parse(text)).not.toThrow();
    const commands = commandsIn(text);
    expect(commands.length).toBeGreaterThan(0);
    for (const argv of commands) expect(() => parseArgs(argv), argv.join(' ')).not.toThrow();
  });

  it('the PR gates shard the run and merge it; the nightly runs staging and compares with the previous night', () => {
    const kinds = (file: string) => commandsIn(read(file)).map((argv) => parseArgs(argv));
    for (const file of [
      'ci-examples/github/pr-gate.yml',
      'ci-examples/gitlab/.gitlab-ci.yml',
      'deploy/ci/github-actions-shards.yml',
    ]) {
      const cmds = kinds(file);
      expect(
        cmds.find((c) => c.kind === 'run'),
        file,
      ).toMatchObject({ shard: { index: 2, count: 4 } });
      expect(
        cmds.some((c) => c.kind === 'merge'),
        file,
      ).toBe(true);
    }
    const nightly = kinds('ci-examples/github/nightly-staging.yml');
    expect(nightly.find((c) => c.kind === 'run')).toMatchObject({ env: 'staging' });
    expect(nightly.find((c) => c.kind === 'compare')).toMatchObject({
      old: 'previous/summary.json',
      new: 'reports/summary.json',
    });
    // The page compares with the last good night too, when there was one.
    expect(read('ci-examples/github/nightly-staging.yml')).toMatch(
      /if \[ -f previous\/summary\.json \]; then export E2E_BASELINE=previous\/summary\.json; fi\n\s+npm exec --no -- golden-path run/,
    );
    expect(read('ci-examples/github/nightly-staging.yml')).toMatch(/workflow_conclusion: success/);
    expect(read('ci-examples/gitlab/.gitlab-ci.yml')).toMatch(
      /if \[ -f previous-summary\.json \]; then export E2E_BASELINE=previous-summary\.json; fi/,
    );
    expect(read('ci-examples/gitlab/.gitlab-ci.yml')).toMatch(/E2E_ENV: staging/);
    expect(kinds('ci-examples/gitlab/.gitlab-ci.yml').some((c) => c.kind === 'compare')).toBe(true);
  });

  it('staging secrets come from the CI store, never from a file', () => {
    const nightly = workflow('ci-examples/github/nightly-staging.yml');
    const env = Object.assign({}, ...nightly.jobs.nightly!.steps.map((s) => s.env ?? {})) as Record<string, string>;
    expect(env.E2E_USERS).toBe('${{ secrets.E2E_USERS }}');
    expect(env.E2E_SIGNING_KEY).toBe('${{ secrets.E2E_SIGNING_KEY }}');
    expect(read('env/staging.env')).not.toMatch(/^E2E_(USERS|SIGNING_KEY)=/m);
  });

  it('no document or example calls a bare `npx golden-path` (it can run an unrelated registry package), and the README says why', () => {
    const docs = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`)];
    const deploy = readdirSync(join(ROOT, 'deploy'), { recursive: true, encoding: 'utf8' })
      .map((f) => `deploy/${f}`)
      .filter((f) => /\.(ya?ml|sh)$/.test(f));
    const bare = [...docs, ...EXAMPLES, ...deploy].flatMap((f) =>
      read(f)
        .split('\n')
        .filter((l) => /npx golden-path/.test(l) && !/never (a bare )?`npx/.test(l))
        .map((l) => `${f}: ${l.trim()}`),
    );
    expect(bare).toEqual([]);
    expect(read('README.md').replace(/\s+/g, ' ')).toMatch(
      /`npm exec --no -- golden-path …`, never `npx golden-path`: where npx does not find this project's command .* it downloads and runs an unrelated registry package/,
    );
  });

  it('the PR gate may publish its JUnit check run (checks: write) and skips that step for forks, whose token is read-only', () => {
    const gate = workflow('ci-examples/github/pr-gate.yml');
    expect(gate.permissions).toEqual({ contents: 'read' });
    const publishing = Object.entries(gate.jobs).filter(([, job]) =>
      job.steps.some((s) => s.uses?.startsWith('mikepenz/action-junit-report')),
    );
    expect(publishing.map(([name]) => name)).toEqual(['merge']);
    const [, job] = publishing[0]!;
    expect(job.permissions).toEqual({ contents: 'read', checks: 'write' });
    const step = job.steps.find((s) => s.uses?.startsWith('mikepenz/action-junit-report'))!;
    expect(step.if).toBe(
      "always() && (github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository)",
    );
  });
});

describe('the nightly example on its first night: an unset repository variable is an empty string, which means unset', () => {
  let stack: ReferenceStack;
  let dir: string;
  beforeAll(async () => {
    stack = await startReferenceStack({ log: false }); // serves version 0.1.0
    dir = mkdtempSync(join(tmpdir(), 'gp-nightly-'));
  });
  afterAll(async () => {
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const step = workflow('ci-examples/github/nightly-staging.yml').jobs.nightly!.steps.find((s) =>
    s.run?.includes('golden-path run'),
  )!;
  const command = parseArgs(commandsIn(`${step.run!}\n`)[0]!);
  const secrets = { E2E_USERS: 'alice@example.com:alice-password' }; // E2E_SIGNING_KEY left unset too

  it.each<[string, Record<string, string>, string | undefined, boolean, string[]]>([
    ['unset', {}, undefined, true, []],
    ['0.1.0', { STAGING_EXPECTED_VERSION: '0.1.0' }, undefined, true, ['serves the expected version 0.1.0']],
    [
      '0.2.0 (a stale deploy)',
      { STAGING_EXPECTED_VERSION: '0.2.0' },
      undefined,
      false,
      ['target serves version 0.1.0, expected 0.2.0: a stale or wrong build is deployed'],
    ],
    [
      'unset, with the env file pinning 0.2.0: the file still counts',
      {},
      '0.2.0',
      false,
      ['target serves version 0.1.0, expected 0.2.0: a stale or wrong build is deployed'],
    ],
  ])('STAGING_EXPECTED_VERSION %s', async (_what, vars, filePin, ok, versionStep) => {
    const env = rendered(step.env!, { ...secrets, ...vars });
    expect(env.E2E_EXPECT_VERSION).toBe(vars.STAGING_EXPECTED_VERSION ?? '');
    const envFile = filePin ? join(dir, `pinned-${filePin}.env`) : undefined;
    if (envFile) writeFileSync(envFile, `${read('env/staging.env')}\nE2E_EXPECT_VERSION=${filePin}\n`);
    const config = loadConfig({
      ...env,
      E2E_ENV: command.kind === 'run' ? command.env : undefined,
      ...(envFile ? { E2E_ENV_FILE: envFile } : {}),
      // staging's URLs, pointed at a reference stack standing in for it
      E2E_AUTH_URL: stack.authUrl,
      E2E_BACKEND_URL: stack.backendUrl,
      E2E_WS_URL: stack.wsUrl,
    });
    expect(config.env).toBe('staging');
    expect(config.signingKey).toBeUndefined();
    const report = await runPreflight({
      backendUrl: config.backendUrl!,
      wsUrl: config.wsUrl!,
      expectVersion: config.expectVersion,
      expectCommit: config.expectCommit,
    });
    expect(report.ok, report.diagnosis).toBe(ok);
    expect(report.steps.filter((s) => s.name === 'version').map((s) => s.detail)).toEqual(versionStep);
  });
});
