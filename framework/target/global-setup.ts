import type { TestProject, Vitest } from 'vitest/node';
import { exitOnConfigError } from '../config/exit-on-config-error.ts';
import { checkBaseline, loadConfig } from '../config/load-config.ts';
import { E2eError } from '../errors.ts';
import { redactor } from '../report/redactor.ts';
import { loadContract } from '../contract/load-contract.ts';
import { followParent } from '../process/follow-parent.ts';
import { preflightTarget } from './preflight-setup.ts';
import { resolveTarget } from './resolve-target.ts';
import { startRunGate } from './run-gate.ts';
import './resolved-target.ts';

/** What a run ended by the death of its parent exits with (128 + SIGTERM): nobody reads it. */
const PARENT_GONE_EXIT = 143;
/** How long a cancelled run may wait for its worker before the worker is killed. */
const CANCEL_FORCE_MS = 500;

/**
 * vitest globalSetup of the e2e project: resolves the target once and hands it to every test. The
 * run follows the process that started it: a stop request from `golden-path run` cancels it (the
 * reporters write what ran, the teardown stops the target); the parent's death ends it at once, and
 * the exit takes the reference processes down with it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const parent = followParent({
    onStopRequest: () => cancelRun(project.vitest),
    onParentGone: () => process.exit(PARENT_GONE_EXIT),
  });
  let config;
  try {
    config = loadConfig();
    checkBaseline(config);
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
    if (
      error instanceof E2eError &&
      (error.code === 'E2E_TARGET_START_FAILED' || error.code === 'E2E_TARGET_UNREACHABLE')
    ) {
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
  const gate = await startRunGate();
  project.provide('gate', gate.url);
  return async () => {
    try {
      await gate.close();
      await target.stop();
    } finally {
      parent.release();
    }
  };
}

/**
 * Cancels the run: the running test is aborted, the rest are skipped, the reporters write what ran.
 * A cancel does not reach a worker still importing its file, so a second one, which kills the
 * worker, follows if the run has not ended after CANCEL_FORCE_MS.
 */
function cancelRun(vitest: Vitest): void {
  const force = setTimeout(() => void vitest.cancelCurrentRun('keyboard-input'), CANCEL_FORCE_MS);
  void vitest.cancelCurrentRun('keyboard-input').finally(() => clearTimeout(force));
}
