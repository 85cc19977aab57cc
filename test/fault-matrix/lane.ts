// A lane of the fault matrix: one vitest e2e run (`--project e2e`, one stack, one import of the
// framework) that tries several rows one after another, switching the reference's faults at run
// time through the target control (and the reference's admin endpoint behind it), and its other
// REF_* settings by starting it again with them. Started by runLane (run-suite.ts) as
// `node --import tsx lane.ts <rows.json> <results.jsonl>`, with the lane's env (the stack settings
// of its first row among them: planLanes) and REF_FAULTS set to the first row's faults, so that
// the global setup's preflight sees that row's fault exactly as a fresh run would. Every later row
// gets the preflight again, after its switch.
import { appendFileSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { createVitest, type TestCase, type TestModule } from 'vitest/node';
import { loadConfig } from '../../framework/config/load-config.ts';
import { loadContract } from '../../framework/contract/load-contract.ts';
import { preflightTarget } from '../../framework/target/preflight-setup.ts';
import type { ResolvedTarget } from '../../framework/target/resolved-target.ts';
import { switchTarget } from '../../framework/target/target-control.ts';
import { needsSwitch } from './plan-lanes.ts';
import { noRun, readNotApplicable, type LaneRow, type SuiteResult } from './run-suite.ts';

/** How long a switch (or the restart of a stack a fault killed) may take. */
const SWITCH_TIMEOUT_MS = 20_000;

const [rowsFile, resultsFile] = process.argv.slice(2);
if (!rowsFile || !resultsFile) throw new Error('usage: lane.ts <rows.json> <results.jsonl>');
const rows = JSON.parse(readFileSync(rowsFile, 'utf8')) as LaneRow[];

let output = '';
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    output += chunk.toString();
    done();
  },
});
const vitest = await createVitest(
  'test',
  {
    project: ['e2e'],
    watch: false,
    reporters: ['./framework/report/golden-path-reporter.ts'],
  },
  {},
  { stdout: sink, stderr: sink },
);
const project = vitest.getProjectByName('e2e');
const config = loadConfig();
const contract = await loadContract(config.contractModule);
/** The target as the global setup provided it (at the first row's run): what every switch starts from. */
let original: ResolvedTarget | undefined;
try {
  await vitest.standalone();
  for (const [index, row] of rows.entries()) {
    output = '';
    const started = Date.now();
    let result: SuiteResult;
    try {
      result = await runRow(index, row, started);
    } catch (error) {
      const text = `lane: ${(error as Error).message}\n${output}`;
      result = noRun(null, text, text, started);
    }
    appendFileSync(resultsFile, `${JSON.stringify(result)}\n`);
  }
} finally {
  await vitest.close();
}

async function runRow(index: number, row: LaneRow, started: number): Promise<SuiteResult> {
  if (index === 0 && needsSwitch(row, config.reference))
    throw new Error('the first row of a lane must run on the stack as the lane starts it (see planLanes)');
  if (index > 0) {
    original ??= project.getProvidedContext().target as ResolvedTarget;
    const urls = await switchTarget(original, { faults: row.faults, reference: row.reference }, SWITCH_TIMEOUT_MS);
    // The report names the faults the run had switched on; a proxy switched on or off moves the URLs.
    const target = { ...original, ...urls, faults: row.faults };
    // What the global setup does for a fresh run, with the row's fault in force.
    const { stopped, blockers } = await preflightTarget(config, target, contract, (line) => (output += `${line}\n`));
    if (stopped) {
      const text = `${output}golden-path: ${stopped}\n`;
      return noRun(2, text, text, started);
    }
    project.provide('blockers', blockers);
    project.provide('target', target);
  }
  vitest.setGlobalTestNamePattern(row.testNamePattern ?? '');
  const specs = await vitest.getRelevantTestSpecifications([`suites/${row.suite}.e2e.ts`]);
  const run = await vitest.runTestSpecifications(specs);
  // The run's result lists every module this vitest has run so far: only this row's count.
  const files = new Set(specs.map((s) => s.moduleId));
  const modules = run.testModules.filter((m) => files.has(m.moduleId));
  return judge(modules, run.unhandledErrors, started);
}

/** The row's result as `runSuite` gives a whole run's: what vitest's JSON reporter and exit code say. */
function judge(modules: readonly TestModule[], unhandled: readonly unknown[], started: number): SuiteResult {
  const result = noRun(0, '', '', started);
  for (const module of modules) {
    for (const error of module.errors()) result.failures += `${error.message}\n`;
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      const name = fullName(test);
      if (state === 'passed') {
        result.passed += 1;
        result.passedTests.push(name);
      } else if (state === 'failed') {
        result.failed += 1;
        result.failedTests.push(name);
        const messages = (test.result().errors ?? []).map((e) => e.stack || e.message);
        result.failures += `${name}\n${messages.join('\n')}\n`;
      } else {
        result.skipped += 1;
      }
    }
    if (module.errors().length > 0) result.exitCode = 1;
  }
  if (result.failed > 0 || unhandled.length > 0) result.exitCode = 1;
  result.notApplicable = readNotApplicable(config.reportDir);
  result.output = output;
  result.durationMs = Date.now() - started;
  return result;
}

/** The name vitest's JSON reporter gives: the describe titles and the test's, joined by spaces. */
function fullName(test: TestCase): string {
  const names = [test.name];
  for (let parent = test.parent; parent.type === 'suite'; parent = parent.parent) names.unshift(parent.name);
  return names.join(' ');
}
