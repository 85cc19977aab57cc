import { doctorLongRunMs, type DoctorContext } from './doctor-context.ts';
import { mismatch, notApplicable, ok, type Finding } from './finding.ts';

const SUBJECT = 'prompts.long';

/** A run asked to last this share of the time it was asked for counts as long. */
const LONG_ENOUGH = 0.8;

/**
 * Whether prompts.long makes the agent run about as long as asked: the streaming keepalive checks
 * only mean something on a run that lasts. Unset, those checks say n.a.
 */
export async function probeLongRun({ connect, contract, config }: DoctorContext): Promise<Finding> {
  const long = contract.prompts.long;
  if (!long)
    return notApplicable(
      SUBJECT,
      'no long-running prompt (prompts.long unset): streaming keepalive checks will be n.a.',
    );
  const askedMs = doctorLongRunMs(config);
  const client = await connect({ label: 'doctor-long-run' });
  try {
    // A silent but alive stream must be given its whole length, not cut short as stalled.
    const run = await client.runToCompletion(long(askedMs), {
      eventTimeoutMs: askedMs + config.timeouts.eventMs,
      runTimeoutMs: askedMs + config.timeouts.runMs,
    });
    if (run.outcome !== 'completed') return mismatch(SUBJECT, `the long run did not complete: ${run.detail}`);
    const lastedMs = Math.round((run.events.at(-1)?.at ?? run.sentAt) - run.sentAt);
    if (lastedMs >= askedMs * LONG_ENOUGH)
      return ok(SUBJECT, `a run asked to last ${askedMs} ms lasted ${lastedMs} ms`);
    return mismatch(
      SUBJECT,
      `a run asked to last ${askedMs} ms lasted ${lastedMs} ms: this agent does not run long on that prompt`,
      'set prompts.long in your contract module (E2E_CONTRACT) to a prompt that makes your agent run about the given ms, or leave prompts.long out if it has none (the keepalive checks then say n.a.)',
    );
  } finally {
    await client.close();
  }
}
