import type { ChatClient } from '../client/chat-client.ts';
import { isErrorEvent } from '../contract/types.ts';
import { doctorLongRunMs, type DoctorContext } from './doctor-context.ts';
import { mismatch, notApplicable, ok, type Finding } from './finding.ts';

const SUBJECT = 'resume';
const LEAVE_OUT =
  'the backend has no resume: leave encodeResume out of your contract module (E2E_CONTRACT); the resume checks then say n.a.';

/**
 * Whether the backend replays a run on resume: a run is started on one connection and, after its
 * first event, a second connection of the same user sends the contract's resume (after seq 0).
 */
export async function probeResume({ connect, contract, config }: DoctorContext): Promise<Finding> {
  const encodeResume = contract.encodeResume;
  if (!encodeResume)
    return notApplicable(SUBJECT, 'no resume (encodeResume unset): the reconnect-and-resume checks will be n.a.');
  const eventMs = config.timeouts.eventMs;
  const clients: ChatClient[] = [];
  try {
    const first = await connect({ label: 'doctor-resume-1' });
    clients.push(first);
    // A long run is still going when the second connection asks for it, as after a real drop.
    const messageId = first.sendUserMessage(
      contract.prompts.long?.(doctorLongRunMs(config)) ?? contract.prompts.simple,
    );
    const opened = await first.waitFor((e) => e.messageId === messageId && e.runId !== undefined, {
      timeoutMs: eventMs,
    });
    const runId = opened.runId!;
    const second = await connect({ label: 'doctor-resume-2' });
    clients.push(second);
    const since = second.events.length;
    second.send(encodeResume({ runId, afterSeq: 0 }));
    const answer = await second
      .waitFor((e) => isErrorEvent(contract, e) || e.runId === runId, { timeoutMs: eventMs, since })
      .catch(() => undefined);
    if (!answer)
      return mismatch(
        SUBJECT,
        `a resume for run ${runId} (after seq 0) on a second connection got no answer within ${eventMs} ms`,
        LEAVE_OUT,
      );
    if (isErrorEvent(contract, answer))
      return mismatch(
        SUBJECT,
        `a resume for run ${runId} (after seq 0) was answered error ${answer.code ?? '(no code)'}`,
        LEAVE_OUT,
      );
    return ok(
      SUBJECT,
      `a second connection's resume (after seq 0) replayed the run, from ${answer.type}${answer.seq !== undefined ? ` #${answer.seq}` : ''}`,
    );
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
}
