import type { DoctorContext } from './doctor-context.ts';
import { mismatch, ok, type Finding } from './finding.ts';

const PROMPTS = [
  { field: 'simple', expected: 1, words: 'one tool call' },
  { field: 'twoTools', expected: 2, words: 'two tool calls' },
] as const;

/**
 * Whether prompts.simple is answered with exactly one tool call and prompts.twoTools with two,
 * counted as contract.toolStartEvent events: the suites judge tool pairing on these prompts.
 */
export async function probeToolCalls({ connect, contract }: DoctorContext): Promise<Finding[]> {
  const client = await connect({ label: 'doctor-tool-calls' });
  try {
    const findings: Finding[] = [];
    for (const { field, expected, words } of PROMPTS) {
      const subject = `prompts.${field}`;
      const run = await client.runToCompletion(contract.prompts[field]);
      if (run.outcome !== 'completed') {
        findings.push(mismatch(subject, `the run did not complete: ${run.detail}`));
        continue;
      }
      const count = run.events.filter((e) => e.type === contract.toolStartEvent).length;
      findings.push(
        count === expected
          ? ok(subject, `${count} tool call${count === 1 ? '' : 's'} (${contract.toolStartEvent}), as expected`)
          : mismatch(
              subject,
              `${count} tool call(s) (${contract.toolStartEvent}), expected ${expected}`,
              `set prompts.${field} in your contract module (E2E_CONTRACT) to a prompt your agent answers with ${words}`,
            ),
      );
    }
    return findings;
  } finally {
    await client.close();
  }
}
