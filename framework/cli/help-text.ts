import { createRequire } from 'node:module';
import { VARIABLES, type VariableSpec } from '../config/variables.ts';
import { vitestFlagsUsage } from './vitest-flags.ts';

const COMMAND_HELP: Record<string, string> = {
  run: `golden-path run [--env NAME] [--env-file FILE] [--suite a,b] [--shard i/n] [--report DIR] [--baseline FILE] [-t PATTERN] [--bail [N]] [--list] [FILTER ...] [vitest options]
  Runs the e2e suites against the target of the env file (default: local, the embedded reference stack).
  --env NAME        use env/NAME.env (local, docker, staging); same as E2E_ENV
  --env-file FILE   use this env file instead; same as E2E_ENV_FILE
  --suite a,b       run only these suites (names of suites/<name>.e2e.ts); repeatable
  --shard i/n       run shard i of n: its share of the suite files (vitest --shard) and of the load
                    suite's users (E2E_SHARD); leaves blob and load files for merge under DIR/shards
  --report DIR      write junit.xml, summary.json and index.html here; same as E2E_REPORT_DIR
  --baseline FILE   compare this run with an earlier one's summary.json (the last good run): the
                    report, the terminal and the step summary list new failures, fixed ones and load
                    figures that moved beyond their noise; same as E2E_BASELINE
  -t, --grep PATTERN  run only the tests whose full name (describe and test titles) matches this
                    regular expression; the others are reported skipped (vitest -t)
  --bail [N]        stop the run after N failed tests (default 1); the rest are reported skipped
  --list            print the suites' test names and exit, running nothing and starting no target;
                    names made from a table or a variable show as written (%s, \${USERS})
  FILTER            a part of a suite file's path, as vitest takes it: heartbeat, suites/reconnect.e2e.ts:12
  vitest options passed through, and only these (golden-path sets vitest's project, config, pool and
  file order itself; any other option exits 2):
${wrap(vitestFlagsUsage(), '                    ')}`,
  doctor: `golden-path doctor [--env NAME] [--env-file FILE]
  First contact with a backend: loads the env file as run does, starts the target (local: the reference
  stack, with REF_DIALECT, REF_PROXY and REF_FAULTS) and says what it found, one line per finding
  (✓ as expected, ✗ a mismatch, – not applicable): the preflight and each auth transport, one golden
  path, then seq, prompts.simple, prompts.twoTools, prompts.long, resume and Origin. Each ✗ names the
  env variable or contract field to set. Stops the target at the end. Exits 0 when nothing needs
  setting, 1 when a setting should change or a check failed, 2 when the preflight stops it.`,
  merge: `golden-path merge [DIR] [--report DIR] [--baseline FILE]
  Combines what n shards left in DIR (default: the report dir's shards/) into one result: test counts
  from vitest's blob reports, each load run from its merged histograms (not averaged percentiles),
  and one summary.json and index.html in the report dir, compared with --baseline (or E2E_BASELINE)
  as run does. Exits 1 if a test or threshold failed.`,
  compare: `golden-path compare OLD.json NEW.json [--tolerance 0.2] [--min-delta-ms 25] [--max-rate-drop 0.01]
  Compares two summary.json files and lists what got worse: p95 handshake and p95 completion of each
  load run (worse = more than --tolerance (fraction) AND more than --min-delta-ms slower), success
  rates (worse = fell by more than --max-rate-drop), the golden-path runs' p95 completion, and tests
  that fail in NEW but did not in OLD. Exits 1 on any regression.`,
  reference: `golden-path reference [--env NAME] [--env-file FILE]
  Starts the reference backend (auth service + chat backend) in the foreground with the REF_* variables
  of the env file; Ctrl-C stops it. Prints its URLs and a GOLDEN_PATH_REFERENCE_READY line.`,
  help: `golden-path help [COMMAND]
  Prints this help, or one command's.`,
};

/** `golden-path --help`: every command, the exit codes and every env variable, from VARIABLES; `--version` is the topic `version`. */
export function helpText(topic?: string): string {
  if (topic === 'version') return `${versionText()}\n`;
  if (topic && COMMAND_HELP[topic]) return `${COMMAND_HELP[topic]}\n`;
  return [
    'golden-path — end-to-end checks for real-time AI chat backends over WebSocket',
    '',
    'Usage: golden-path <command> [options]      (npm run e2e = golden-path run)',
    '       golden-path --version                prints the versions of golden-path, vitest and Node',
    '',
    'Commands:',
    ...Object.values(COMMAND_HELP).map((text) =>
      text
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
    ),
    '',
    'Exit codes:',
    '  0  every check passed (compare: nothing got worse)',
    '  1  checks failed (compare: a regression)',
    '  2  configuration or usage error, or the target could not be reached: nothing was judged',
    '  130  run: stopped by SIGINT (Ctrl-C); the reports hold what ran before it',
    '  143  run: stopped by SIGTERM, or by the death of the process that started it; as for 130',
    '',
    'Environment variables (values in the process environment win over the env file):',
    ...VARIABLES.map(variableLine),
    '',
  ].join('\n');
}

/** `golden-path 0.1.0 (vitest 4.1.12, node v20.19.0)`. */
function versionText(): string {
  const require = createRequire(import.meta.url);
  const version = (pkg: string) => (require(pkg) as { version: string }).version;
  return `golden-path ${version('../../package.json')} (vitest ${version('vitest/package.json')}, node ${process.version})`;
}

function wrap(items: string[], indent: string, width = 100): string {
  const lines = [indent];
  for (const item of items) {
    const line = lines.length - 1;
    const sep = lines[line] === indent ? '' : ', ';
    if (lines[line]!.length + sep.length + item.length > width) lines.push(`${indent}${item}`);
    else lines[line] += `${sep}${item}`;
  }
  return lines.join(',\n');
}

function variableLine(v: VariableSpec): string {
  const kind = v.kind === 'enum' && v.values ? v.values.join('|') : v.kind;
  const dflt = v.default !== undefined ? ` (default: ${v.default === '' ? '""' : v.default})` : '';
  return `  ${v.name.padEnd(27)} ${kind}${dflt}\n  ${' '.repeat(27)} ${v.doc}`;
}
