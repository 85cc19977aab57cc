import type { TestProject } from 'vitest/node';
import { exitOnConfigError } from '../config/exit-on-config-error.ts';
import { loadConfig } from '../config/load-config.ts';
import { E2eError } from '../errors.ts';
import { redactor } from '../report/redactor.ts';
import { loadContract } from '../contract/load-contract.ts';
import { preflightTarget } from './preflight-setup.ts';
import { resolveTarget } from './resolve-target.ts';
import './resolved-target.ts';

/** vitest globalSetup of the e2e project: resolves the target once and hands it to every test. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    exitOnConfigError(error);
  }
  let contract;
  try {
    contract = await loadContract(config.contractModule);
  } catch (error) {
    exitOnConfigError(error);
  }
  let target;
  try {
    target = await resolveTarget(config);
  } catch (error) {
    if (error instanceof E2eError && (error.code === 'E2E_TARGET_START_FAILED' || error.code === 'E2E_TARGET_UNREACHABLE')) {
      process.stderr.write(`golden-path: target ${config.target} unavailable: ${redactor.redact(error.message)}\n`);
      process.exit(2);
    }
    throw error;
  }
  // A target that cannot be reached stops the run with one diagnosis, like a config error.
  const { stopped, blockers } = await preflightTarget(config, target.resolved, contract);
  if (stopped) {
    process.stderr.write(`golden-path: ${stopped}\n`);
    await target.stop().catch(() => undefined);
    process.exit(2);
  }
  project.provide('target', target.resolved);
  project.provide('blockers', blockers);
  return () => target.stop();
}
