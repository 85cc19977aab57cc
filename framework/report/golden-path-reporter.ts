import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  JUnitReporter,
  type Reporter,
  type SerializedError,
  type TestCase,
  type TestModule,
  type TestRunEndReason,
  type Vitest,
} from 'vitest/node';
import type { E2eConfig } from '../config/config.ts';
import { loadConfig } from '../config/load-config.ts';
import { LOAD_SUITE } from '../shard/shard-invocations.ts';
import '../target/resolved-target.ts';
import { readBaseline, type Baseline } from './baseline.ts';
import { collectSummary } from './collect-summary.ts';
import { foldEvidence } from './fold-evidence.ts';
import './health-setup.ts';
import { withSkipReasons } from './junit-skip-reasons.ts';
import { redactDeep, redactInPlace } from './redact-deep.ts';
import { redactor } from './redactor.ts';
import { clipText, FAILURE_DETAIL_CHARS, ReportTextBudget } from './report-text-budget.ts';
import type { Summary } from './summary.ts';
import { writeReports } from './write-reports.ts';

/** The vitest project whose modules are reported (the unit project is left to vitest's own reporters). */
const E2E_PROJECT = 'e2e';

type ConsoleLog = Parameters<NonNullable<Reporter['onUserConsoleLog']>>[0];

/**
 * The e2e reporter: writes `junit.xml`, `summary.json` and `index.html` to the report dir and
 * prints one line per suite at the end. It must come before `default` in the reporter list: it
 * puts each harness error's evidence under its message (in every project), redacts console output
 * and failure messages in place, and cuts them to the report's limits (report-text-budget.ts),
 * before any other reporter prints or writes them.
 */
export default class GoldenPathReporter implements Reporter {
  #vitest: Vitest | undefined;
  #config: E2eConfig | undefined;
  #startedAt = new Date();
  #budget = new ReportTextBudget();

  onInit(vitest: Vitest): void {
    this.#vitest = vitest;
    this.#startedAt = new Date();
    this.#config = tryLoadConfig(); // registers E2E_USERS passwords and E2E_SIGNING_KEY with the redactor
  }

  // Global setup has resolved the target by now: its passwords and key are secrets from here on.
  onTestModuleStart(module: TestModule): void {
    if (module.project.name !== E2E_PROJECT) return;
    const target = module.project.getProvidedContext().target;
    for (const user of target?.users ?? []) redactor.register(user.password);
    redactor.register(target?.signingKey?.d);
  }

  onTestRunStart(): void {
    this.#startedAt = new Date();
    this.#budget = new ReportTextBudget();
  }

  onUserConsoleLog(log: ConsoleLog): void {
    log.content = clipText(
      redactor.redact(log.content),
      FAILURE_DETAIL_CHARS,
      `a console log keeps at most ${FAILURE_DETAIL_CHARS} characters in the reports`,
    );
  }

  onTestCaseResult(test: TestCase): void {
    for (const error of test.result().errors ?? []) foldEvidence(error);
    if (test.project.name !== E2E_PROJECT) return;
    const blockedBy = test.meta().goldenPath?.blockedBy?.[0];
    for (const error of test.result().errors ?? []) {
      redactInPlace(error);
      // One cause, one message: the diagnosis is printed once at the end, each blocked test points to it.
      if (blockedBy)
        Object.assign(error, {
          message: `blocked by ${blockedBy} (the preflight's diagnosis is in the summary below)`,
          stack: '',
          stacks: [],
        });
      this.#budget.clipError(error);
    }
  }

  onTestModuleEnd(module: TestModule): void {
    const errors = [...module.errors(), ...[...module.children.allSuites()].flatMap((suite) => suite.errors())];
    for (const error of errors) foldEvidence(error);
    if (module.project.name !== E2E_PROJECT) return;
    for (const error of errors) {
      redactInPlace(error);
      this.#budget.clipError(error);
    }
  }

  async onTestRunEnd(
    modules: readonly TestModule[],
    unhandledErrors: readonly SerializedError[],
    reason?: TestRunEndReason,
  ): Promise<void> {
    for (const error of unhandledErrors) foldEvidence(error);
    const e2e = modules.filter((m) => m.project.name === E2E_PROJECT);
    if (e2e.length === 0 || !this.#vitest) return;
    const provided = e2e[0]!.project.getProvidedContext();
    const target = provided.target;
    const config = this.#config;
    const root = this.#vitest.config.root;
    for (const error of unhandledErrors) this.#budget.clipError(error);
    const summary = redactDeep(
      collectSummary({
        modules: e2e,
        root,
        startedAt: this.#startedAt,
        finishedAt: new Date(),
        config,
        target,
        health: provided.health,
        unhandledErrors,
        blockers: provided.blockers,
        interrupted: reason === 'interrupted',
      }),
    );
    const dir = outputDir(config?.reportDir ?? join(root, 'reports'), config?.shard, e2e);
    // A shard's report is one part of a run: the merge compares the whole with the baseline.
    const baseline = config?.baseline && !config.shard ? this.#readBaseline(config.baseline) : undefined;
    writeReports(summary, dir, { baseline, verbose: config?.verbose ?? false }, (text) =>
      this.#vitest!.logger.log(text),
    );
    await this.#writeJunit(join(dir, 'junit.xml'), e2e, summary);
  }

  // Checked as the run started (global-setup.ts); a file gone since costs the comparison, not the reports.
  #readBaseline(path: string): Baseline | undefined {
    try {
      return readBaseline(path);
    } catch (error) {
      this.#vitest?.logger.log(
        `golden-path: no comparison with the baseline (${error instanceof Error ? error.message : String(error)})`,
      );
      return undefined;
    }
  }

  // vitest's own JUnit reporter, limited to the e2e modules; its file gets the skip reasons and is redacted after writing.
  async #writeJunit(file: string, modules: readonly TestModule[], summary: Summary): Promise<void> {
    const junit = new JUnitReporter({ outputFile: file, suiteName: 'golden-path e2e', addFileAttribute: true });
    await junit.onInit(this.#vitest!);
    await junit.onTestRunEnd(modules);
    writeFileSync(file, redactor.redact(withSkipReasons(readFileSync(file, 'utf8'), summary)));
  }
}

/**
 * The report dir; a shard's invocations (its share of the functional suites, its share of the
 * load) each write to `shards/reports/<part>-<i>-of-<n>/` there, for `golden-path merge`.
 */
function outputDir(reportDir: string, shard: E2eConfig['shard'], modules: readonly TestModule[]): string {
  if (!shard) return reportDir;
  const part = modules.every((m) => m.moduleId.endsWith(LOAD_SUITE)) ? 'load' : 'functional';
  return join(reportDir, 'shards', 'reports', `${part}-${shard.index}-of-${shard.count}`);
}

function tryLoadConfig(): E2eConfig | undefined {
  try {
    return loadConfig();
  } catch {
    return undefined; // global setup has already stopped the run with the message
  }
}
