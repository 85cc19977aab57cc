import { resolve } from 'node:path';
import { loadConfig } from '../config/load-config.ts';
import type { E2eConfig } from '../config/config.ts';
import { loadContract } from '../contract/load-contract.ts';
import { renderFinding, renderVerdict } from '../doctor/render-finding.ts';
import { runDoctor } from '../doctor/run-doctor.ts';
import { E2eError } from '../errors.ts';
import { resolveTarget } from '../target/resolve-target.ts';
import type { StartedTarget } from '../target/resolved-target.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import type { DoctorCommand } from './parse-args.ts';

/**
 * `golden-path doctor`: first contact with a backend. Loads the config as `run` does, starts or
 * describes the target, runs the doctor's checks and stops the target again, also on Ctrl-C.
 * Exit 0 nothing to set, 1 a setting should change or a check failed, 2 the preflight stopped,
 * the config is wrong or the target is unavailable. `print` must redact (main's does).
 */
export async function doctorCommand(
  cmd: DoctorCommand,
  root: string,
  print: (line: string) => void,
): Promise<ExitCode> {
  // After Ctrl-C the probes still running fail as the stack goes down: those are not findings.
  let interrupted = false;
  const out = (line: string) => void (interrupted || print(line));
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (cmd.env) env.E2E_ENV = cmd.env;
  if (cmd.envFile) env.E2E_ENV_FILE = resolve(process.cwd(), cmd.envFile);
  const config = loadConfig(env, root);
  const contract = await loadContract(config.contractModule);
  out(
    `golden-path doctor: ${describeTarget(config)}, contract ${contract.name}${config.contractModule ? ` (${config.contractModule})` : ''}`,
  );

  let started: StartedTarget | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= started ? started.stop().catch(() => undefined) : Promise.resolve());
  // Ctrl-C or a CI cancel: the stack the doctor started goes down with it.
  const onSignal = (signal: NodeJS.Signals) => {
    out(`golden-path doctor: ${signal}, stopping the target`);
    interrupted = true;
    void stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    try {
      started = await resolveTarget(config);
    } catch (error) {
      if (
        error instanceof E2eError &&
        (error.code === 'E2E_TARGET_START_FAILED' || error.code === 'E2E_TARGET_UNREACHABLE')
      ) {
        out(`golden-path doctor: target ${config.target} unavailable: ${error.message}`);
        return EXIT.config;
      }
      throw error;
    }
    const { backendUrl, wsUrl, logFile } = started.resolved;
    out(`  backend ${backendUrl}, WebSocket ${wsUrl}${logFile ? `; the stack's log: ${logFile}` : ''}`);
    const { stopped, findings } = await runDoctor(
      { config, contract, target: started.resolved },
      {
        section: (title) => out(`\n${title}`),
        finding: (f) => renderFinding(f).forEach((line) => out(line)),
      },
    );
    out('');
    if (stopped) out('the preflight stopped doctor here: nothing after it can be checked until that is fixed');
    out(renderVerdict(findings));
    if (stopped) return EXIT.config;
    return findings.some((f) => f.mark === 'mismatch') ? EXIT.failed : EXIT.pass;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stop();
  }
}

function describeTarget(config: E2eConfig): string {
  if (config.target !== 'local') return `target ${config.target} (env ${config.env})`;
  const ref = ['REF_DIALECT', 'REF_PROXY', 'REF_FAULTS']
    .filter((k) => config.reference[k])
    .map((k) => `${k}=${config.reference[k]}`);
  return `target local (the reference stack${ref.length > 0 ? `, ${ref.join(' ')}` : ''})`;
}
