import { runTimings, type Run } from '../client/run.ts';
import type { Contract } from '../contract/types.ts';

/** A few lines a person reads at the end of a run: each critical event with its time from the message. */
export function latencyTable(run: Run, contract: Contract): string {
  const t = runTimings(run, contract);
  const ms = (v: number | undefined) => (v === undefined ? 'never' : `${v.toFixed(1)} ms`);
  const lines = [`latency of ${run.client} run ${run.runId ?? '?'} (${run.outcome}):`];
  for (const type of contract.criticalEvents) {
    const first = run.events.find((e) => e.type === type);
    lines.push(`  ${type.padEnd(18)} ${ms(first ? first.at - run.sentAt : undefined).padStart(11)}`);
  }
  for (const tool of t.tools) {
    lines.push(`  tool ${tool.callId.padEnd(13)} ${ms(tool.durationMs).padStart(11)} (started at ${ms(tool.startMs)})`);
  }
  lines.push(`  ${'largest gap'.padEnd(18)} ${ms(t.largestGapMs).padStart(11)}`);
  return lines.join('\n');
}
