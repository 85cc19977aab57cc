import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestCase } from 'vitest/node';
import { PROJECT_ROOT } from '../config/load-config.ts';

/** The functional results of every shard, from vitest's blob reports. */
export interface MergedTests {
  blobs: string[];
  passed: number;
  failed: number;
  skipped: number;
  /** Failed tests with the first line of their error. */
  failures: { name: string; file: string; message: string }[];
}

/**
 * Reads `<dir>/blobs/*.json` (written by `vitest --reporter=blob`) with vitest's own merge, so the
 * blob format stays vitest's business. Undefined when there are no blobs.
 */
export async function mergeBlobs(dir: string, root = PROJECT_ROOT): Promise<MergedTests | undefined> {
  const blobDir = join(dir, 'blobs');
  if (!existsSync(blobDir)) return undefined;
  const blobs = readdirSync(blobDir)
    .filter((n) => n.endsWith('.json'))
    .sort();
  if (blobs.length === 0) return undefined;
  const merged: MergedTests = { blobs, passed: 0, failed: 0, skipped: 0, failures: [] };
  // A reporter of our own replaces the configured ones: the merge itself prints nothing.
  const collect = {
    onTestCaseResult(test: TestCase) {
      const { state } = test.result();
      if (state === 'passed') merged.passed += 1;
      else if (state === 'failed') {
        merged.failed += 1;
        const message = test.result().errors?.[0]?.message?.split('\n')[0] ?? '';
        merged.failures.push({ name: test.fullName, file: test.module.relativeModuleId, message });
      } else merged.skipped += 1;
    },
  };
  const { createVitest } = await import('vitest/node');
  const vitest = await createVitest('test', { root, watch: false, reporters: [collect], mergeReports: blobDir });
  try {
    await vitest.mergeReports();
  } finally {
    await vitest.close();
  }
  return merged;
}
