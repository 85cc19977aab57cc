import { outcomeLine, percentileTable } from '../load/load-summary.ts';
import { describeVerdicts } from '../load/load-verdicts.ts';
import type { MergedResult } from './merge-shards.ts';

/** The merged result as text: tests, each load with its merged percentiles and verdicts, problems. */
export function renderMerged(m: MergedResult): string {
  const lines: string[] = [`golden-path shards merged from ${m.dir}`];
  if (m.tests) {
    const t = m.tests;
    lines.push(`tests (${t.blobs.length} blob reports): ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
    for (const f of t.failures) lines.push(`  ✗ ${f.file} > ${f.name}: ${f.message}`);
  }
  for (const load of m.loads) {
    lines.push('', `load "${load.name}" (${load.model}) from shards ${load.shards.join(', ')} of ${load.shardCount}:`);
    lines.push(outcomeLine(load.stats), percentileTable(load.stats));
    lines.push(describeVerdicts(load.verdicts));
    for (const leak of load.leaks) lines.push(`  leak: ${leak.userId}: ${leak.detail}`);
  }
  if (m.problems.length > 0) lines.push('', 'problems:', ...m.problems.map((p) => `  ✗ ${p}`));
  lines.push('', m.pass ? 'merged result: PASS' : 'merged result: FAIL');
  return lines.join('\n');
}
