import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { loadConfig } from '../config/load-config.ts';
import { LOAD_SUITE, shardInvocations } from '../shard/shard-invocations.ts';
import { superviseChild } from '../process/supervised-child.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import { UsageError, type RunCommand } from './parse-args.ts';
import { stopOnSignal } from './stop-on-signal.ts';

export interface RunPlan {
  /** One vitest command line per invocation (arguments after `node`, vitest's entry point first). */
  invocations: string[][];
  /** Variables added to the environment of the vitest processes. */
  env: Record<string, string>;
}

/** Suite names in `suites/`: the stems of `*.e2e.ts` files. */
export function knownSuites(root: string): string[] {
  return readdirSync(join(root, 'suites'))
    .filter((f) => f.endsWith('.e2e.ts'))
    .map((f) => f.slice(0, -'.e2e.ts'.length))
    .sort();
}

/**
 * Turns `golden-path run` into vitest command lines and an environment, validating the config on
 * the way (a ConfigError here means exit 2 before vitest starts). The golden-path reporter is
 * always first, as it redacts before the others print; extra reporters passed through follow.
 * A shard runs twice, as framework/shard/shard-invocations.ts says: its share of the functional
 * suites (vitest --shard) and its share of the load suite's users (E2E_SHARD).
 * `--list` is one `vitest list` that reads the suite files without running them: no config, no target.
 */
export function planRun(
  cmd: RunCommand,
  root: string,
  baseEnv: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): RunPlan {
  const suites = knownSuites(root);
  const unknown = cmd.suites.filter((s) => !suites.includes(s));
  if (unknown.length > 0)
    throw new UsageError(`unknown suite ${unknown.map((s) => `"${s}"`).join(', ')} (suites: ${suites.join(', ')})`);
  const files = cmd.suites.map((s) => `suites/${s}.e2e.ts`);
  const unmatched = cmd.filters.filter((f) => !matchesSuiteFile(f, suites, root));
  // vitest would exit 1, "No test files found", as if a check had failed.
  if (unmatched.length > 0)
    throw new UsageError(
      `no suite file matches ${unmatched.map((f) => `"${f}"`).join(', ')} (suites: ${suites.join(', ')})`,
    );
  const selection = [...files, ...cmd.filters];
  const grep = cmd.grep !== undefined ? [`--testNamePattern=${cmd.grep}`] : [];
  // Static parsing: globalSetup, which starts the target, runs only when test files are imported.
  if (cmd.list)
    return {
      invocations: [
        [vitestEntry(), 'list', '--project', 'e2e', '--staticParse', ...selection, ...grep, ...cmd.vitestArgs],
      ],
      env: {},
    };

  const env: Record<string, string> = {};
  if (cmd.env) env.E2E_ENV = cmd.env;
  if (cmd.envFile) env.E2E_ENV_FILE = resolve(cwd, cmd.envFile);
  if (cmd.reportDir) env.E2E_REPORT_DIR = resolve(cwd, cmd.reportDir);
  if (cmd.baseline) env.E2E_BASELINE = resolve(cwd, cmd.baseline);
  if (cmd.shard) env.E2E_SHARD = `${cmd.shard.index}/${cmd.shard.count}`;
  const config = loadConfig({ ...baseEnv, ...env }, root);
  const ownReporters = cmd.vitestArgs.some((a) => a.startsWith('--reporter='));
  const head = [vitestEntry(), 'run', '--project', 'e2e'];
  const reporters = [
    `--reporter=${join(root, 'framework/report/golden-path-reporter.ts')}`,
    // vitest drops the config's reporters once any is named on the command line: name `default` too.
    ...(ownReporters ? [] : ['--reporter=default']),
    // vitest adds its GitHub annotations only when no reporter is named; keep them.
    ...(!ownReporters && baseEnv.GITHUB_ACTIONS === 'true' ? ['--reporter=github-actions'] : []),
  ];
  const options = [...grep, ...(cmd.bail !== undefined ? [`--bail=${cmd.bail}`] : []), ...cmd.vitestArgs];
  const shard = cmd.shard ?? config.shard;
  if (!shard) return { invocations: [[...head, ...selection, ...reporters, ...options]], env };

  const invocations = shardInvocations(shard, config.reportDir).flatMap((inv) => {
    const wanted =
      files.length === 0 || (inv.what === 'load' ? files.includes(LOAD_SUITE) : files.some((f) => f !== LOAD_SUITE));
    if (!wanted) return [];
    const own = inv.what === 'functional' ? files.filter((f) => f !== LOAD_SUITE) : [];
    return [[...head, ...own, ...cmd.filters, ...reporters, ...inv.args, ...options]];
  });
  return { invocations, env };
}

/** Whether vitest would pick a suite file with this filter: a part of its path, or a path to it (`:line` allowed). */
function matchesSuiteFile(filter: string, suites: string[], root: string): boolean {
  const bare = filter.replace(/:\d+$/, '');
  const path = relative(root, resolve(root, bare)).toLowerCase();
  return suites.some((s) => `suites/${s}.e2e.ts`.includes(bare.toLowerCase()) || `suites/${s}.e2e.ts`.includes(path));
}

/**
 * Runs the e2e project as planned; exit 0 pass, 1 checks failed, 2 configuration or target
 * unreachable, 130 after SIGINT and 143 after SIGTERM or the death of the process that started it.
 */
export async function runCommand(cmd: RunCommand, root: string): Promise<ExitCode> {
  // Listening before the plan: a parent that dies while the config loads is seen too.
  const stop = stopOnSignal((line) => process.stderr.write(`${line}\n`));
  try {
    const plan = planRun(cmd, root);
    let worst: ExitCode = EXIT.pass;
    for (const args of plan.invocations) {
      if (stop.signal) break;
      const vitest = superviseChild(args, { cwd: root, env: { ...process.env, ...plan.env } });
      stop.supervise(vitest);
      const code = await vitest.exited;
      const exit = code === 0 ? EXIT.pass : code === EXIT.config ? EXIT.config : EXIT.failed;
      if (exit === EXIT.config) return exit; // the target is not there: the next invocation would say so again
      worst = Math.max(worst, exit) as ExitCode;
    }
    if (stop.signal) return stop.signal === 'SIGINT' ? EXIT.interrupted : EXIT.terminated;
    return worst;
  } finally {
    stop.dispose();
  }
}

/**
 * Runs a Node script with this process's stdio; SIGINT/SIGTERM are passed on. The child also gets
 * an IPC channel, whose end tells it that this process is gone, even by SIGKILL. Resolves with its
 * exit code.
 */
export function spawnInherit(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolveExit, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolveExit(code ?? (signal ? 1 : 0));
    });
  });
}

function vitestEntry(): string {
  const entry = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
  if (!existsSync(entry)) throw new UsageError(`vitest's entry point not found at ${entry}: run npm ci`);
  return entry;
}
