import { checkGoldenPath } from '../assertions/golden-path-rules.ts';
import type { Run } from '../client/run.ts';
import type { DoctorContext } from './doctor-context.ts';
import { mismatch, ok, type Finding } from './finding.ts';

/**
 * One golden path with the default client: prompts.simple, judged by checkGoldenPath. The seq
 * rule is left to probeSeq, which names the setting, so that one cause is one mismatch.
 */
export async function goldenPathRun({ connect, contract }: DoctorContext): Promise<{ finding: Finding; run: Run }> {
  const client = await connect({ label: 'doctor-golden-path' });
  try {
    const run = await client.runToCompletion(contract.prompts.simple);
    const violations = checkGoldenPath(run, contract).filter((v) => v.rule !== 'seq');
    const events = `events: ${run.events.map((e) => `${e.type}${e.seq !== undefined ? ` #${e.seq}` : ''}`).join(' → ') || '(none)'}`;
    const took = Math.round((run.events.at(-1)?.at ?? run.sentAt) - run.sentAt);
    if (violations.length === 0) {
      const answer = run.answer
        ? `, answer "${run.answer.length > 60 ? `${run.answer.slice(0, 57)}...` : run.answer}"`
        : '';
      return { run, finding: ok('golden path', `${run.events.length} events in ${took} ms${answer}`, [events]) };
    }
    const rules = violations.map((v) => `[${v.rule}] ${v.message}`);
    return {
      run,
      finding: mismatch(
        'golden path',
        `${run.outcome}, ${violations.length} rule(s) broken: the backend does not complete the golden path`,
        undefined,
        [events, ...rules],
      ),
    };
  } finally {
    await client.close();
  }
}
