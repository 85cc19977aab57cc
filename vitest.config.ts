import { defineConfig, type Plugin } from 'vitest/config';

/** Workers of the e2e project: the suites mostly wait on the target, so more than the machine's cores. */
const E2E_WORKERS = 4;

/**
 * Keeps the global setup's modules (vitest's `__vitest__` environment, in the main process) out of
 * the module cache. vitest 4.1 hands that process a cached module's code as a Buffer, and the first
 * error whose stack passes through such a module then fails to print ("code.charCodeAt is not a
 * function"): a hostile target's bad frame in the preflight did that. The workers' modules are cached.
 */
const cacheWorkersOnly: Plugin = {
  name: 'golden-path:cache-workers-only',
  configureVitest({ experimental_defineCacheKeyGenerator }) {
    experimental_defineCacheKeyGenerator(({ environment }) => (environment.name === '__vitest__' ? false : undefined));
  },
};

export default defineConfig({
  test: {
    // The golden-path reporter goes first: it redacts console output and failure messages before
    // `default` prints them, and writes junit.xml, summary.json and index.html for the e2e project.
    reporters: ['./framework/report/golden-path-reporter.ts', 'default'],
    // Every run keeps the framework as vitest transformed it (node_modules/.experimental-vitest-cache,
    // keyed by each file's content): the next run reads it instead of transforming it again.
    experimental: { fsModuleCache: true },
    projects: [
      {
        plugins: [cacheWorkersOnly],
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          // The e2e runs these tests start must not write their digests to the CI job's own page.
          env: { GITHUB_STEP_SUMMARY: '' },
          testTimeout: 30_000,
          // Files side by side: most of the time goes to runs that wait on a stack (vitest's default
          // here would be one file at a time, cores - 1). The fault matrix's file holds one worker
          // while it waits on its own lanes (processes of their own): the other files get two.
          maxWorkers: 3,
          // A worker imports the framework once for all the files it runs, not once per file: the
          // small files need a third less CPU. The files keep no state between them: fake timers and
          // env changes are undone by the file that makes them.
          isolate: false,
        },
      },
      {
        plugins: [cacheWorkersOnly],
        test: {
          name: 'e2e',
          include: ['suites/**/*.e2e.ts'],
          globalSetup: ['framework/target/global-setup.ts', 'framework/report/health-setup.ts'],
          setupFiles: ['framework/target/gate-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // The suites share one target and run side by side: most of their time is spent waiting on
          // the target's timers. A test tagged `alone` holds the target by itself (gate-setup.ts).
          fileParallelism: true,
          maxWorkers: E2E_WORKERS,
          tags: [
            {
              name: 'alone',
              description: 'runs with no other e2e test in flight: load figures, a restart, the log, limits',
            },
          ],
          // A worker imports the framework once for all the suites it runs (each file alone: 8 s of
          // imports). The suites keep no state between files: their fixtures are the framework's.
          isolate: false,
        },
      },
    ],
  },
});
