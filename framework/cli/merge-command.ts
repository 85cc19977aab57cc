import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { loadConfig } from '../config/load-config.ts';
import { renderReport } from '../report/html/render-report.ts';
import { mergeSummaries } from '../report/merge-summaries.ts';
import { readShardSummaries } from '../report/read-summary.ts';
import { redactDeep } from '../report/redact-deep.ts';
import { terminalSummary } from '../report/terminal-summary.ts';
import { mergeShards } from '../shard/merge-shards.ts';
import { renderMerged } from '../shard/render-merged.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';

/**
 * `golden-path merge [DIR]`: combines what n shards left under DIR (default `<report dir>/shards`)
 * with mergeShards (tests from vitest's blobs, load runs from merged histograms), then writes one
 * summary.json and index.html beside DIR from the shards' own summaries. Exit 1 on any failure.
 */
export async function mergeCommand(cmd: { dir?: string; reportDir?: string }, root: string, out: (text: string) => void): Promise<ExitCode> {
  const dir = cmd.dir ? resolve(cmd.dir) : join(cmd.reportDir ? resolve(cmd.reportDir) : loadConfig(process.env, root).reportDir, 'shards');
  const merged = await mergeShards(dir);
  out(renderMerged(merged));
  const parts = readShardSummaries(merged.dir);
  if (parts.length > 0) {
    const reportDir = basename(merged.dir) === 'shards' ? dirname(merged.dir) : merged.dir;
    const summary = redactDeep(mergeSummaries(parts, merged.loads.map((l) => l.record), merged.problems));
    mkdirSync(reportDir, { recursive: true });
    writeFileSync(join(reportDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(join(reportDir, 'index.html'), renderReport(summary));
    out(`\n${terminalSummary(summary, reportDir)}\nmerged ${parts.length} shard reports into ${join(reportDir, 'summary.json')}`);
  }
  return merged.pass ? EXIT.pass : EXIT.failed;
}
