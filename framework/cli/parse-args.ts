import { DEFAULT_TOLERANCE, type Tolerance } from '../report/compare-summaries.ts';
import { E2eError } from '../errors.ts';

export interface RunCommand {
  kind: 'run';
  env?: string;
  envFile?: string;
  suites: string[];
  shard?: { index: number; count: number };
  reportDir?: string;
  /** Everything else, handed to vitest as is (filters, `-t`, extra reporters). */
  passthrough: string[];
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
  | { kind: 'merge'; dir?: string; reportDir?: string }
  | { kind: 'compare'; old: string; new: string; tolerance: Tolerance }
  | { kind: 'reference'; env?: string; envFile?: string };

export const COMMANDS = ['run', 'doctor', 'merge', 'compare', 'reference', 'help'] as const;

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
  switch (command) {
    case 'run':
      return parseRun(rest);
    case 'doctor':
    case 'reference': {
      const { options } = options_(rest, ['env', 'env-file'], true);
      return { kind: command, ...(options.env ? { env: options.env } : {}), ...(options['env-file'] ? { envFile: options['env-file'] } : {}) };
    }
    case 'merge': {
      const { options, positionals } = options_(rest, ['report']);
      return { kind: 'merge', ...(positionals[0] ? { dir: positionals[0] } : {}), ...(options.report ? { reportDir: options.report } : {}) };
    }
    case 'compare':
      return parseCompare(rest);
    default:
      throw new UsageError(`unknown command "${command}" (commands: ${COMMANDS.join(', ')}; see golden-path --help)`);
  }
}

function parseRun(args: string[]): RunCommand {
  const cmd: RunCommand = { kind: 'run', suites: [], passthrough: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      cmd.passthrough.push(...args.slice(i + 1));
      break;
    }
    const [name, inline] = splitOption(arg);
    if (!['--env', '--env-file', '--suite', '--shard', '--report'].includes(name)) {
      cmd.passthrough.push(arg);
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) throw new UsageError(`${name} needs a value`);
    if (name === '--env') cmd.env = value;
    if (name === '--env-file') cmd.envFile = value;
    if (name === '--report') cmd.reportDir = value;
    if (name === '--suite') cmd.suites.push(...value.split(',').map((s) => s.trim()).filter(Boolean));
    if (name === '--shard') cmd.shard = parseShard(value);
  }
  return cmd;
}

function parseCompare(args: string[]): Command {
  const { options, positionals } = options_(args, ['tolerance', 'min-delta-ms', 'max-rate-drop']);
  if (positionals.length !== 2) throw new UsageError('compare needs two summaries: golden-path compare OLD.json NEW.json');
  const num = (name: string, fallback: number, max: number) => {
    const raw = options[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0 || n > max) throw new UsageError(`--${name}: expected a number from 0 to ${max}, got "${raw}"`);
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
export function parseShard(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || index < 1 || count < 1 || index > count) throw new UsageError(`--shard: expected i/n with 1 ≤ i ≤ n (e.g. 1/4), got "${value}"`);
  return { index, count };
}

function splitOption(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}

// Options of commands that pass nothing through: anything unknown is a usage error.
function options_(args: string[], known: string[], noPositionals = false): { options: Record<string, string>; positionals: string[] } {
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
    if (!known.includes(key)) throw new UsageError(`unknown option ${name}${known.length ? ` (known: ${known.map((k) => `--${k}`).join(', ')})` : ''}`);
    const value = inline ?? args[++i];
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
    options[key] = value;
  }
  return { options, positionals };
}
