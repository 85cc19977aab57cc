import { DEFAULT_TOLERANCE, type Tolerance } from '../report/compare-summaries.ts';
import { E2eError } from '../errors.ts';
import { vitestFlag, VITEST_FLAGS } from './vitest-flags.ts';

export interface RunCommand {
  kind: 'run';
  env?: string;
  envFile?: string;
  suites: string[];
  shard?: { index: number; count: number };
  reportDir?: string;
  /** `--baseline FILE`: the summary.json this run is compared with (E2E_BASELINE). */
  baseline?: string;
  /** `--grep`/`-t`: only the tests whose full name matches this regular expression run. */
  grep?: string;
  /** `--bail [N]`: the run stops after N failed tests (1 when N is left out). */
  bail?: number;
  /** `--list`: prints the suites' test names; nothing runs and no target starts. */
  list?: true;
  /** File filters (`heartbeat`, `suites/golden-path.e2e.ts:12`), handed to vitest as is. */
  filters: string[];
  /** Options of VITEST_FLAGS as `--name` or `--name=value`, in the order given. */
  vitestArgs: string[];
}

/** `golden-path doctor`: the env file to load, as for run. */
export interface DoctorCommand {
  kind: 'doctor';
  env?: string;
  envFile?: string;
}

export type Command =
  | { kind: 'help'; topic?: string }
  | RunCommand
  | DoctorCommand
  | { kind: 'merge'; dir?: string; reportDir?: string; baseline?: string }
  | { kind: 'compare'; old: string; new: string; tolerance: Tolerance }
  | { kind: 'reference'; env?: string; envFile?: string };

const COMMANDS = ['run', 'doctor', 'merge', 'compare', 'reference', 'help'] as const;

/** A command line the CLI cannot act on: exit 2 with this message. */
export class UsageError extends E2eError {
  constructor(message: string) {
    super('E2E_USAGE', message);
    this.name = 'UsageError';
  }
}

/**
 * Parses `golden-path <command> [options]`. Options take `--name value` or `--name=value`.
 * @example parseArgs(['run', '--env', 'staging', '--suite', 'golden-path,load', '--shard', '1/4'])
 */
export function parseArgs(argv: readonly string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') return { kind: 'help' };
  if (command === 'help') return { kind: 'help', ...(rest[0] ? { topic: rest[0] } : {}) };
  if (rest.includes('--help') || rest.includes('-h')) return { kind: 'help', topic: command };
  // The version line is the help topic `version`: printed, exit 0, whatever else was asked.
  if (command === '--version' || rest.includes('--version')) return { kind: 'help', topic: 'version' };
  switch (command) {
    case 'run':
      return parseRun(rest);
    case 'doctor':
    case 'reference': {
      const { options } = options_(rest, ['env', 'env-file'], true);
      return {
        kind: command,
        ...(options.env ? { env: options.env } : {}),
        ...(options['env-file'] ? { envFile: options['env-file'] } : {}),
      };
    }
    case 'merge': {
      const { options, positionals } = options_(rest, ['report', 'baseline']);
      return {
        kind: 'merge',
        ...(positionals[0] ? { dir: positionals[0] } : {}),
        ...(options.report ? { reportDir: options.report } : {}),
        ...(options.baseline ? { baseline: options.baseline } : {}),
      };
    }
    case 'compare':
      return parseCompare(rest);
    default:
      throw new UsageError(`unknown command "${command}" (commands: ${COMMANDS.join(', ')}; see golden-path --help)`);
  }
}

const RUN_OPTIONS = [
  '--env',
  '--env-file',
  '--suite',
  '--shard',
  '--report',
  '--baseline',
  '--grep',
  '-t',
  '--bail',
  '--list',
];

function parseRun(args: string[]): RunCommand {
  const cmd: RunCommand = { kind: 'run', suites: [], filters: [], vitestArgs: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    // Accepted out of habit; what follows is checked all the same: vitest dies on a flag it does not know.
    if (arg === '--') continue;
    if (!arg.startsWith('-')) {
      cmd.filters.push(arg);
      continue;
    }
    const [name, inline] = splitOption(arg);
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '' || (inline === undefined && v.startsWith('--')))
        throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (name === '--env') cmd.env = value();
    else if (name === '--env-file') cmd.envFile = value();
    else if (name === '--report') cmd.reportDir = value();
    else if (name === '--baseline') cmd.baseline = value();
    else if (name === '--suite')
      cmd.suites.push(
        ...value()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
    else if (name === '--shard') cmd.shard = parseShard(value());
    else if (name === '--grep' || name === '-t' || name === '--testNamePattern')
      cmd.grep = parsePattern(name, value(), cmd.grep);
    else if (name === '--bail') cmd.bail = count(name, inline ?? (/^\d+$/.test(args[i + 1] ?? '') ? args[++i]! : '1'));
    else if (name === '--list') cmd.list = flagOnly(name, inline);
    else cmd.vitestArgs.push(vitestOption(name, inline, value));
  }
  if (cmd.list && cmd.shard) throw new UsageError('--list lists every test and runs none: leave out --shard');
  return cmd;
}

function vitestOption(name: string, inline: string | undefined, value: () => string): string {
  const flag = vitestFlag(name);
  if (!flag) {
    const vitest = VITEST_FLAGS.map((f) => f.name).join(', ');
    throw new UsageError(
      `unknown option ${name} for run (golden-path's: ${RUN_OPTIONS.join(', ')}; vitest's passed through: ${vitest}; see golden-path run --help)`,
    );
  }
  if (flag.value === 'none' || (flag.value === 'optional' && inline === undefined)) {
    flagOnly(name, inline);
    return name;
  }
  const v = value();
  return `${name}=${flag.value === 'count' ? count(name, v) : v}`;
}

// vitest turns the pattern into a RegExp and dies with a stack trace if it is not one.
function parsePattern(name: string, pattern: string, earlier: string | undefined): string {
  if (earlier !== undefined)
    throw new UsageError(`${name}: one pattern only (a regular expression: "a|b" matches either)`);
  try {
    new RegExp(pattern);
  } catch (error) {
    throw new UsageError(`${name}: "${pattern}" is not a regular expression (${(error as Error).message})`);
  }
  return pattern;
}

function flagOnly(name: string, inline: string | undefined): true {
  if (inline !== undefined) throw new UsageError(`${name} takes no value`);
  return true;
}

function count(name: string, raw: string): number {
  if (!/^\d+$/.test(raw)) throw new UsageError(`${name}: expected a whole number ≥ 0, got "${raw}"`);
  return Number(raw);
}

function parseCompare(args: string[]): Command {
  const { options, positionals } = options_(args, ['tolerance', 'min-delta-ms', 'max-rate-drop']);
  if (positionals.length !== 2)
    throw new UsageError('compare needs two summaries: golden-path compare OLD.json NEW.json');
  const num = (name: string, fallback: number, max: number) => {
    const raw = options[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0 || n > max)
      throw new UsageError(`--${name}: expected a number from 0 to ${max}, got "${raw}"`);
    return n;
  };
  return {
    kind: 'compare',
    old: positionals[0]!,
    new: positionals[1]!,
    tolerance: {
      latencyRatio: num('tolerance', DEFAULT_TOLERANCE.latencyRatio, 100),
      latencyMinDeltaMs: num('min-delta-ms', DEFAULT_TOLERANCE.latencyMinDeltaMs, 3_600_000),
      rateDrop: num('max-rate-drop', DEFAULT_TOLERANCE.rateDrop, 1),
    },
  };
}

/** `i/n` with 1 ≤ i ≤ n. */
function parseShard(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || index < 1 || count < 1 || index > count)
    throw new UsageError(`--shard: expected i/n with 1 ≤ i ≤ n (e.g. 1/4), got "${value}"`);
  return { index, count };
}

function splitOption(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}

// Options of commands that pass nothing through: anything unknown is a usage error.
function options_(
  args: string[],
  known: string[],
  noPositionals = false,
): { options: Record<string, string>; positionals: string[] } {
  const options: Record<string, string> = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      if (noPositionals) throw new UsageError(`unexpected argument "${arg}"`);
      positionals.push(arg);
      continue;
    }
    const [name, inline] = splitOption(arg);
    const key = name.slice(2);
    if (!known.includes(key))
      throw new UsageError(
        `unknown option ${name}${known.length ? ` (known: ${known.map((k) => `--${k}`).join(', ')})` : ''}`,
      );
    const value = inline ?? args[++i];
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
    options[key] = value;
  }
  return { options, positionals };
}
