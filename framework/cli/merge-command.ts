import { basename, dirname, join, resolve } from 'node:path';
import { loadConfig } from '../config/load-config.ts';
import { readBaseline } from '../report/baseline.ts';
import { mergeSummaries } from '../report/merge-summaries.ts';
import { readShardSummaries } from '../report/read-summary.ts';
import { redactDeep } from '../report/redact-deep.ts';
import { writeReports } from '../report/write-reports.ts';
import { mergeShards } from '../shard/merge-shards.ts';
import { renderMerged } from '../shard/render-merged.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';

/**
 * `golden-path merge [DIR]`: combines what n shards left under DIR (default `<report dir>/shards`)
 * with mergeShards (tests from vitest's blobs, load runs from merged histograms), then writes one
 * summary.json and index.html beside DIR from the shards' own summaries, compared with the
 * baseline (`--baseline`, else E2E_BASELINE) when there is one. Exit 1 on any failure.
 */
export async function mergeCommand(
  cmd: { dir?: string; reportDir?: string; baseline?: string },
  root: string,
  out: (text: string) => void,
): Promise<ExitCode> {
  const dir = cmd.dir
    ? resolve(cmd.dir)
    : join(cmd.reportDir ? resolve(cmd.reportDir) : loadConfig(process.env, root).reportDir, 'shards');
  const baselinePath = cmd.baseline ?? (process.env.E2E_BASELINE || undefined);
  // Read before the merge: a wrong path is a usage error (exit 2), not a lost comparison.
  const baseline = baselinePath ? readBaseline(resolve(baselinePath)) : undefined;
  const merged = await mergeShards(dir);
  out(renderMerged(merged));
  const parts = readShardSummaries(merged.dir);
  if (parts.length > 0) {
    const reportDir = basename(merged.dir) === 'shards' ? dirname(merged.dir) : merged.dir;
    const summary = redactDeep(
      mergeSummaries(
        parts,
        merged.loads.map((l) => l.record),
        merged.problems,
      ),
    );
    writeReports(summary, reportDir, { baseline }, out);
    out(`merged ${parts.length} shard reports into ${join(reportDir, 'summary.json')}`);
  }
  return merged.pass ? EXIT.pass : EXIT.failed;
}
