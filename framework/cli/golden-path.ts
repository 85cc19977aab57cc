import { ConfigError, E2eError } from '../errors.ts';
import { PROJECT_ROOT } from '../config/load-config.ts';
import { watchParent } from '../process/watch-parent.ts';
import { redactor } from '../report/redactor.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import { helpText } from './help-text.ts';
import { parseArgs } from './parse-args.ts';

/**
 * The `golden-path` command. Returns the exit code: 0 pass, 1 checks failed or a regression,
 * 2 configuration, usage or an unreachable target, 130 after SIGINT and 143 after SIGTERM (run).
 * @example await main(['run', '--suite', 'golden-path'])
 */
export async function main(argv: readonly string[], root = PROJECT_ROOT): Promise<ExitCode> {
  // Every command ends with the process that started it (npm, npx, a shell), even one killed with
  // SIGKILL; `run` does it its own way, as vitest gets time to write the reports.
  const parent = argv[0] === 'run' ? undefined : watchParent(() => process.exit(EXIT.terminated));
  try {
    return await dispatch(argv, root);
  } finally {
    parent?.stop();
  }
}

async function dispatch(argv: readonly string[], root: string): Promise<ExitCode> {
  const out = (text: string) => process.stdout.write(`${redactor.redact(text)}\n`);
  try {
    const cmd = parseArgs(argv);
    // Each command loads only what it uses: `doctor` alone would cost every `run` half a CPU-second.
    switch (cmd.kind) {
      case 'help':
        process.stdout.write(helpText(cmd.topic));
        return EXIT.pass;
      case 'run':
        return await (await import('./run-command.ts')).runCommand(cmd, root);
      case 'doctor':
        return await (await import('./doctor-command.ts')).doctorCommand(cmd, root, out);
      case 'merge':
        return await (await import('./merge-command.ts')).mergeCommand(cmd, root, out);
      case 'compare':
        return (await import('./compare-command.ts')).compareCommand(cmd, out);
      case 'reference':
        return await (await import('./reference-command.ts')).referenceCommand(cmd, root);
    }
  } catch (error) {
    if (error instanceof E2eError) {
      const kind =
        error instanceof ConfigError ? 'configuration error' : error.code === 'E2E_USAGE' ? 'usage' : error.code;
      process.stderr.write(`golden-path: ${kind}: ${redactor.redact(error.message)}\n`);
      return EXIT.config;
    }
    throw error;
  }
}
