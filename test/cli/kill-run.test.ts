import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test as base } from 'vitest';
import { commandLine, stillListening } from './support/process-tree.ts';
import { BIN } from './support/run-cli.ts';
import { waitUntil } from '../target/support/process-watch.ts';
import { RunUnderTest } from './support/run-under-test.ts';

// A killed or stopped run leaves nothing behind. Each case starts a real run of
// the heartbeat suite (3 s of tests) against the local stack, as a user would, and acts once a test
// is under way.

/** The whole run: a slow machine may take 20 s to reach the tests; the stop itself is timed apart. */
const RUN_TIMEOUT_MS = 120_000;
const START_TIMEOUT_MS = 60_000;
/** The bounds: nothing left 3 s after a kill -9; a stop by signal ends within 2 s. */
const KILL_BOUND_MS = 3_000;
const STOP_BOUND_MS = 2_000;

interface Way {
  name: string;
  command: string;
  args: (reportDir: string) => string[];
  env?: (reportDir: string) => Record<string, string>;
}

const RUN_OPTIONS = (reportDir: string) => ['--suite', 'heartbeat', '--report', reportDir];

const GOLDEN_PATH_RUN: Way = {
  name: 'node bin/golden-path.js run',
  command: process.execPath,
  args: (dir) => [BIN, 'run', ...RUN_OPTIONS(dir)],
};

const WAYS: Way[] = [
  { name: 'npm run e2e', command: 'npm', args: (dir) => ['run', 'e2e', '--', ...RUN_OPTIONS(dir)] },
  { name: 'npx golden-path run', command: 'npx', args: (dir) => ['golden-path', 'run', ...RUN_OPTIONS(dir)] },
  GOLDEN_PATH_RUN,
  {
    name: 'npx vitest run --project e2e',
    command: 'npx',
    args: () => ['vitest', 'run', '--project', 'e2e', 'suites/heartbeat.e2e.ts'],
    env: (dir) => ({ E2E_REPORT_DIR: dir }),
  },
];

const test = base.extend('start', async ({}, { onCleanup }) => {
  const runs: RunUnderTest[] = [];
  const dirs: string[] = [];
  onCleanup(() => {
    for (const run of runs) run.killAll();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  /** Starts `way` with a fresh report dir; whatever it starts is killed after the test. */
  return (way: Way) => {
    const reportDir = mkdtempSync(join(tmpdir(), 'gp-kill-'));
    dirs.push(reportDir);
    // No update check: npm must not reach for the registry while the test times it.
    const run = new RunUnderTest(way.command, way.args(reportDir), {
      npm_config_update_notifier: 'false',
      ...way.env?.(reportDir),
    });
    runs.push(run);
    return { run, reportDir };
  };
});

/** What is left of `run` and which of `ports` are still held, for an assertion that names them. */
function remains(run: RunUnderTest, ports: number[]): { processes: string[]; ports: number[] } {
  return { processes: run.leftovers(), ports: stillListening(ports) };
}

describe.skipIf(process.platform !== 'linux')('a killed or stopped run leaves nothing behind', () => {
  test.for(WAYS)(
    'kill -9 of $name leaves no process and no listening port within 3 s',
    { timeout: RUN_TIMEOUT_MS },
    async (way, { start }) => {
      const { run } = start(way);
      const before = await run.waitForTests(START_TIMEOUT_MS);
      expect(before.ports.length, 'the stack and the target control listen').toBeGreaterThanOrEqual(3);

      process.kill(run.pid, 'SIGKILL');
      await waitUntil(() => run.leftovers().length === 0 && stillListening(before.ports).length === 0, KILL_BOUND_MS);

      expect(remains(run, before.ports), `3 s after kill -9 of ${way.name}; its output:\n${run.output()}`).toEqual({
        processes: [],
        ports: [],
      });
    },
  );

  test(
    'kill -9 of golden-path run while vitest still starts ends the run before it starts the stack',
    { timeout: RUN_TIMEOUT_MS },
    async ({ start }) => {
      const { run, reportDir } = start(GOLDEN_PATH_RUN);
      const vitestStarted = () => run.snapshot().pids.some((pid) => commandLine(pid).includes('vitest.mjs'));
      expect(await waitUntil(vitestStarted, START_TIMEOUT_MS), run.output()).toBe(true);

      // vitest cannot hear its parent die before its global setup runs: it then exits at once.
      process.kill(run.pid, 'SIGKILL');
      await waitUntil(() => run.leftovers().length === 0, START_TIMEOUT_MS);

      expect(run.leftovers(), run.output()).toEqual([]);
      // The local target writes the stack's log file just before it starts the stack.
      expect(
        readdirSync(reportDir).filter((f) => f.startsWith('reference-')),
        'the reference stack was started',
      ).toEqual([]);
    },
  );

  test.for([
    { signal: 'SIGINT', code: 130 },
    { signal: 'SIGTERM', code: 143 },
  ] as const)(
    '$signal stops golden-path run within 2 s with exit $code and the reports of what ran',
    { timeout: RUN_TIMEOUT_MS },
    async ({ signal, code }, { start }) => {
      const { run, reportDir } = start(GOLDEN_PATH_RUN);
      const before = await run.waitForTests(START_TIMEOUT_MS);

      const sentAt = Date.now();
      process.kill(run.pid, signal);
      const exit = await run.exited(KILL_BOUND_MS);
      await waitUntil(() => run.leftovers().length === 0 && stillListening(before.ports).length === 0, KILL_BOUND_MS);

      const why = `after ${signal}; the run's output:\n${run.output()}`;
      expect(exit, `no exit within ${KILL_BOUND_MS} ms ${why}`).toBeDefined();
      expect(exit!.code, why).toBe(code);
      expect(exit!.at - sentAt, why).toBeLessThanOrEqual(STOP_BOUND_MS);
      expect(remains(run, before.ports), why).toEqual({ processes: [], ports: [] });
      // Every test of the suite is in the reports: the one that ran with its verdict, the rest skipped.
      const summary = JSON.parse(readFileSync(join(reportDir, 'summary.json'), 'utf8')) as {
        totals: { tests: number };
        interrupted?: boolean;
        warnings?: string[];
      };
      expect(summary.totals.tests, why).toBe(3);
      // …and a stopped run is not a pass, whatever its counts say.
      expect(summary.interrupted, why).toBe(true);
      expect(summary.warnings?.[0], why).toMatch(/^the run was interrupted before its end/);
      expect(readFileSync(join(reportDir, 'junit.xml'), 'utf8'), why).toMatch(
        /<testsuite name="suites\/heartbeat\.e2e\.ts"[^>]* tests="3"/,
      );
    },
  );
});
