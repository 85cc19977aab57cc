import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError, type RunCommand } from '../../framework/cli/parse-args.ts';
import { knownSuites, planRun } from '../../framework/cli/run-command.ts';
import { DEFAULT_TOLERANCE } from '../../framework/report/compare-summaries.ts';
import { LOAD_SUITE } from '../../framework/shard/shard-invocations.ts';
import { ROOT } from './support/run-cli.ts';

const usage = (argv: string[]) => {
  try {
    parseArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).code).toBe('E2E_USAGE');
    return (error as Error).message;
  }
  throw new Error(`parseArgs(${JSON.stringify(argv)}) did not throw`);
};

describe('parseArgs', () => {
  it('reads run with every option, in both --name value and --name=value forms', () => {
    expect(
      parseArgs([
        'run',
        '--env',
        'staging',
        '--suite',
        'golden-path,concurrent-load',
        '--shard=2/4',
        '--report',
        'out',
      ]),
    ).toEqual({
      kind: 'run',
      env: 'staging',
      suites: ['golden-path', 'concurrent-load'],
      shard: { index: 2, count: 4 },
      reportDir: 'out',
      filters: [],
      vitestArgs: [],
    });
    expect(parseArgs(['run', '--suite=a', '--suite', 'b', '--env-file=env/x.env'])).toMatchObject({
      suites: ['a', 'b'],
      envFile: 'env/x.env',
    });
  });

  it('keeps file filters and the vitest options it passes through, in order; -- changes nothing', () => {
    expect(
      parseArgs([
        'run',
        'suites/golden-path.e2e.ts',
        '--reporter',
        'json',
        '--outputFile.json=x.json',
        '--',
        'heartbeat',
        '--env',
        'x',
        '--silent',
      ]),
    ).toMatchObject({
      filters: ['suites/golden-path.e2e.ts', 'heartbeat'],
      vitestArgs: ['--reporter=json', '--outputFile.json=x.json', '--silent'],
      env: 'x',
    });
  });

  it.each([
    { argv: ['--grep', 'two tools'], expected: { grep: 'two tools' } },
    { argv: ['-t', 'two tools'], expected: { grep: 'two tools' } },
    { argv: ['--grep=^golden path'], expected: { grep: '^golden path' } },
    { argv: ['--testNamePattern', 'a|b'], expected: { grep: 'a|b' } },
    { argv: ['--bail'], expected: { bail: 1 } },
    { argv: ['--bail', '3', 'heartbeat'], expected: { bail: 3, filters: ['heartbeat'] } },
    { argv: ['--bail=2'], expected: { bail: 2 } },
    { argv: ['--bail', 'heartbeat'], expected: { bail: 1, filters: ['heartbeat'] } },
    { argv: ['--list', '--suite', 'heartbeat'], expected: { list: true, suites: ['heartbeat'] } },
    {
      argv: ['--retry', '2', '--testTimeout=90000', '--silent=passed-only', '--hideSkippedTests'],
      expected: { vitestArgs: ['--retry=2', '--testTimeout=90000', '--silent=passed-only', '--hideSkippedTests'] },
    },
  ])('run $argv', ({ argv, expected }) => {
    expect(parseArgs(['run', ...argv])).toMatchObject(expected);
  });

  it.each([
    ['--version'],
    ['run', '--version'],
    ['run', '--suite', 'x', '--version', '--frobnicate'],
    ['help', 'version'],
  ])('%s prints the version line', (...argv) => {
    expect(parseArgs(argv)).toEqual({ kind: 'help', topic: 'version' });
  });

  it.each([
    {
      argv: ['--frobnicate'],
      message:
        /^unknown option --frobnicate for run \(golden-path's: --env, .*--grep, -t, --bail, --list; vitest's passed through: --reporter, .*; see golden-path run --help\)$/,
    },
    { argv: ['--', '--frobnicate'], message: /^unknown option --frobnicate for run/ },
    { argv: ['--watch'], message: /^unknown option --watch for run/ },
    { argv: ['--project', 'unit'], message: /^unknown option --project for run/ },
    { argv: ['-x'], message: /^unknown option -x for run/ },
    { argv: ['--grep'], message: /^--grep needs a value$/ },
    { argv: ['-t', '--bail'], message: /^-t needs a value$/ },
    { argv: ['--grep', '('], message: /^--grep: "\(" is not a regular expression/ },
    {
      argv: ['--grep', 'a', '-t', 'b'],
      message: /^-t: one pattern only \(a regular expression: "a\|b" matches either\)$/,
    },
    { argv: ['--bail=many'], message: /^--bail: expected a whole number ≥ 0, got "many"$/ },
    { argv: ['--retry', 'twice'], message: /^--retry: expected a whole number ≥ 0, got "twice"$/ },
    { argv: ['--list=yes'], message: /^--list takes no value$/ },
    { argv: ['--hideSkippedTests=false'], message: /^--hideSkippedTests takes no value$/ },
    { argv: ['--list', '--shard', '1/2'], message: /^--list lists every test and runs none: leave out --shard$/ },
  ])('run $argv is a usage error', ({ argv, message }) => {
    expect(usage(['run', ...argv])).toMatch(message);
  });

  it('refuses a malformed shard, a missing value and an unknown command', () => {
    expect(usage(['run', '--shard', '5/4'])).toMatch(/--shard: expected i\/n with 1 ≤ i ≤ n .*"5\/4"/);
    expect(usage(['run', '--shard', '0/4'])).toMatch(/--shard/);
    expect(usage(['run', '--shard', 'half'])).toMatch(/--shard/);
    expect(usage(['run', '--env'])).toBe('--env needs a value');
    expect(usage(['run', '--env', '--list'])).toBe('--env needs a value');
    expect(usage(['run', '--suite', '--env', 'x'])).toBe('--suite needs a value');
    expect(usage(['deploy'])).toMatch(
      /unknown command "deploy" \(commands: run, doctor, merge, compare, reference, help/,
    );
  });

  it('reads compare with its tolerances, and refuses one file or a bad number', () => {
    expect(parseArgs(['compare', 'a.json', 'b.json'])).toEqual({
      kind: 'compare',
      old: 'a.json',
      new: 'b.json',
      tolerance: DEFAULT_TOLERANCE,
    });
    expect(
      parseArgs(['compare', 'a.json', 'b.json', '--tolerance', '0.5', '--min-delta-ms=5', '--max-rate-drop', '0']),
    ).toMatchObject({
      tolerance: { latencyRatio: 0.5, latencyMinDeltaMs: 5, rateDrop: 0 },
    });
    expect(usage(['compare', 'a.json'])).toMatch(/needs two summaries/);
    expect(usage(['compare', 'a.json', 'b.json', '--tolerance', 'lots'])).toMatch(/--tolerance: expected a number/);
    expect(usage(['compare', 'a.json', 'b.json', '--speed', '1'])).toMatch(/unknown option --speed/);
  });

  it('reads doctor with the env options run takes, and nothing else', () => {
    expect(parseArgs(['doctor'])).toEqual({ kind: 'doctor' });
    expect(parseArgs(['doctor', '--env', 'staging', '--env-file=env/x.env'])).toEqual({
      kind: 'doctor',
      env: 'staging',
      envFile: 'env/x.env',
    });
    expect(parseArgs(['doctor', '--help'])).toEqual({ kind: 'help', topic: 'doctor' });
    expect(usage(['doctor', '--suite', 'x'])).toMatch(/unknown option --suite \(known: --env, --env-file\)/);
    expect(usage(['doctor', 'now'])).toMatch(/unexpected argument "now"/);
  });

  it('reads help in its three forms, merge and reference', () => {
    expect(parseArgs([])).toEqual({ kind: 'help' });
    expect(parseArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseArgs(['help', 'compare'])).toEqual({ kind: 'help', topic: 'compare' });
    expect(parseArgs(['run', '--help'])).toEqual({ kind: 'help', topic: 'run' });
    expect(parseArgs(['merge', 'reports/shards'])).toEqual({ kind: 'merge', dir: 'reports/shards' });
    expect(parseArgs(['merge', '--baseline', 'last/summary.json'])).toEqual({
      kind: 'merge',
      baseline: 'last/summary.json',
    });
    expect(parseArgs(['reference', '--env', 'local'])).toEqual({ kind: 'reference', env: 'local' });
    expect(usage(['reference', 'now'])).toMatch(/unexpected argument "now"/);
  });
});

describe('planRun', () => {
  const env = {}; // only env/local.env: the caller's environment must not leak into the plan
  const reporter = `--reporter=${join(ROOT, 'framework/report/golden-path-reporter.ts')}`;
  const plan = (argv: string[], cwd = ROOT) => planRun(parseArgs(['run', ...argv]) as RunCommand, ROOT, env, cwd);

  it('runs the e2e project once, with the golden-path reporter first, then default', () => {
    const { invocations, env: added } = plan([]);
    expect(invocations).toHaveLength(1);
    expect(invocations[0]!.slice(1, 4)).toEqual(['run', '--project', 'e2e']);
    expect(invocations[0]!.filter((a) => a.startsWith('--reporter='))).toEqual([reporter, '--reporter=default']);
    expect(added).toEqual({});
  });

  it('maps --suite to files and --env/--report to variables', () => {
    const { invocations, env: added } = plan(
      ['--suite', 'golden-path', '--env', 'local', '--report', 'out/r'],
      '/tmp/cwd',
    );
    expect(invocations[0]).toContain('suites/golden-path.e2e.ts');
    expect(added).toEqual({ E2E_ENV: 'local', E2E_REPORT_DIR: '/tmp/cwd/out/r' });
  });

  it('maps --baseline to E2E_BASELINE, from where the command was run', () => {
    const baseline = join(ROOT, 'test/report/fixtures/baseline.json');
    expect(plan(['--baseline', baseline]).env).toEqual({ E2E_BASELINE: baseline });
    expect(plan(['--baseline', 'fixtures/baseline.json'], join(ROOT, 'test/report')).env).toEqual({
      E2E_BASELINE: baseline,
    });
  });

  it('runs a shard as two invocations: its share of the files (vitest --shard) and its share of the load users', () => {
    const { invocations, env: added } = plan(['--shard', '2/3', '--report', 'out/r'], '/tmp/cwd');
    expect(added.E2E_SHARD).toBe('2/3');
    const [functional, load] = invocations;
    expect(functional).toEqual(
      expect.arrayContaining([
        '--shard=2/3',
        `--exclude=${LOAD_SUITE}`,
        '--reporter=blob',
        '--outputFile.blob=/tmp/cwd/out/r/shards/blobs/functional-2-of-3.json',
      ]),
    );
    expect(load).toEqual(
      expect.arrayContaining([LOAD_SUITE, '--outputFile.blob=/tmp/cwd/out/r/shards/blobs/load-2-of-3.json']),
    );
    expect(load).not.toContain('--shard=2/3');
    for (const inv of invocations) expect(inv.filter((a) => a.startsWith('--reporter='))[0]).toBe(reporter);
  });

  it("runs only the invocations a shard's --suite filter needs", () => {
    const onlyFunctional = plan(['--shard', '1/2', '--suite', 'golden-path']).invocations;
    expect(onlyFunctional).toHaveLength(1);
    expect(onlyFunctional[0]).toContain('suites/golden-path.e2e.ts');
    const onlyLoad = plan(['--shard', '1/2', '--suite', 'concurrent-load']).invocations;
    expect(onlyLoad).toHaveLength(1);
    expect(onlyLoad[0]).toContain(LOAD_SUITE);
  });

  it('leaves out `default` when the caller names reporters, keeping theirs after the golden-path one', () => {
    const { invocations } = plan(['--reporter=json', '--outputFile.json=x.json']);
    expect(invocations[0]!.filter((a) => a.startsWith('--reporter='))).toEqual([reporter, '--reporter=json']);
  });

  it('hands --grep and --bail to vitest, in every invocation of a shard', () => {
    expect(plan(['--grep', 'two tools', '--bail']).invocations[0]!.slice(-2)).toEqual([
      '--testNamePattern=two tools',
      '--bail=1',
    ]);
    const { invocations } = plan(['--shard', '1/2', '-t', 'auth', '--bail', '2', '--retry=1']);
    expect(invocations).toHaveLength(2);
    for (const inv of invocations) expect(inv.slice(-3)).toEqual(['--testNamePattern=auth', '--bail=2', '--retry=1']);
  });

  it('plans --list as one `vitest list` that parses the files without importing them: no config, no reporters, no target', () => {
    const bad = { E2E_HANDSHAKE_TIMEOUT_MS: 'soon', E2E_TARGET: 'remote' };
    const { invocations, env: added } = planRun(
      parseArgs(['run', '--list', '--suite', 'heartbeat', '-t', 'ping', '--env', 'staging']) as RunCommand,
      ROOT,
      bad,
      ROOT,
    );
    expect(invocations).toEqual([
      [
        expect.stringMatching(/vitest\.mjs$/),
        'list',
        '--project',
        'e2e',
        '--staticParse',
        'suites/heartbeat.e2e.ts',
        '--testNamePattern=ping',
      ],
    ]);
    expect(added).toEqual({});
  });

  it.each([
    'heartbeat',
    'suites/golden-path.e2e.ts',
    'suites/golden-path.e2e.ts:12',
    './suites/Reconnect.e2e.ts',
    join(ROOT, 'suites'),
    'suites/',
  ])('accepts the file filter %s, which picks a suite file', (filter) => {
    expect(plan([filter]).invocations[0]).toContain(filter);
  });

  it('refuses a file filter that picks no suite file, as vitest would exit 1 on it', () => {
    expect(() => plan(['heartbeet', 'heartbeat'])).toThrow(/^no suite file matches "heartbeet" \(suites: .*heartbeat/);
    expect(() => plan(['--list', 'test/cli'])).toThrow(/no suite file matches "test\/cli"/);
  });

  it('refuses a suite that does not exist, listing those that do', () => {
    expect(knownSuites(ROOT)).toContain('golden-path');
    expect(() => plan(['--suite', 'golden-paht'])).toThrow(/unknown suite "golden-paht" \(suites: .*golden-path/);
  });

  it('stops on a bad configuration value before vitest starts, naming the variable', () => {
    expect(() => planRun(parseArgs(['run']) as RunCommand, ROOT, { E2E_HANDSHAKE_TIMEOUT_MS: 'soon' }, ROOT)).toThrow(
      /E2E_HANDSHAKE_TIMEOUT_MS/,
    );
  });
});
