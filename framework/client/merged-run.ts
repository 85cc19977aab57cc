import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { E2eError } from '../errors.ts';
import type { ChatClient, ReceivedEvent } from './chat-client.ts';
import { CLIENT_DEFAULTS } from './client-defaults.ts';
import type { Contract } from '../contract/types.ts';
import type { ResumeLedger } from './resume-ledger.ts';
import type { Run, RunOutcome } from './run.ts';

export interface MergedRunOptions {
  /** Longest silence within the run (reconnects aside) before it is declared stalled. */
  eventTimeoutMs?: number;
  /** Longest the whole run may take, reconnects included. */
  runTimeoutMs?: number;
  /** Quiet window after completion, to catch late duplicates. */
  settleMs?: number;
}

/** What awaitMergedRun reads of a client that reconnects; a ReconnectingClient is one. */
export interface MergedConnections {
  readonly label: string;
  readonly contract: Contract;
  readonly ledger: ResumeLedger;
  readonly connections: readonly ChatClient[];
  readonly current: ChatClient;
  connected(timeoutMs?: number): Promise<ChatClient>;
  describe(): string;
}

/**
 * Follows one run across the connections of a ReconnectingClient until its completion event
 * arrives on any of them, a stall, a refused resume, a reconnect that never came back, or the
 * run timeout. Like `runToCompletion`, it never throws on server misbehaviour.
 */
export async function awaitMergedRun(rc: MergedConnections, messageId: string, o: MergedRunOptions): Promise<Run> {
  const message = rc.ledger.message(messageId);
  if (!message)
    throw new E2eError(
      'E2E_USAGE',
      `waitForRun: message ${messageId} was not sent through ${rc.label} (send it with its sendUserMessage)`,
    );
  const eventTimeoutMs = o.eventTimeoutMs ?? rc.current.options.eventTimeoutMs ?? CLIENT_DEFAULTS.eventTimeoutMs;
  const runTimeoutMs = o.runTimeoutMs ?? rc.current.options.runTimeoutMs ?? CLIENT_DEFAULTS.runTimeoutMs;
  const settleMs = o.settleMs ?? CLIENT_DEFAULTS.settleMs;
  const deadline = message.sentAt + runTimeoutMs;
  const belongs = rc.ledger.belongs(messageId);
  let outcome: RunOutcome = 'timeout';
  let detail = '';
  let refusal: ReceivedEvent | undefined;
  let client: ChatClient | undefined;
  let cursor = 0;

  for (;;) {
    if (rc.ledger.isComplete(messageId)) {
      outcome = 'completed';
      break;
    }
    const remaining = deadline - performance.now();
    if (remaining <= 0) {
      detail = `run did not complete within ${runTimeoutMs} ms`;
      break;
    }
    let next: ChatClient;
    try {
      next = await rc.connected(remaining);
    } catch (error) {
      outcome = 'closed';
      detail = `connection lost and not regained: ${(error as Error).message}`;
      break;
    }
    if (next !== client) [client, cursor] = [next, 0];
    const resume = rc.ledger.resumeFor(client, rc.ledger.runIdOf(messageId));
    const refused = (e: ReceivedEvent) => resume !== undefined && e.type === 'error' && e.index >= resume.sinceIndex;
    try {
      const e = await client.waitFor((ev) => ev.index >= cursor && (belongs(ev) || refused(ev)), {
        since: cursor,
        timeoutMs: Math.min(eventTimeoutMs, remaining),
      });
      cursor = e.index + 1;
      if (!belongs(e)) {
        refusal = e;
        outcome = 'stalled';
        detail = `the server refused resume of ${resume!.runId} after_seq ${resume!.afterSeq}: error ${e.code ?? '(no code)'}`;
        break;
      }
    } catch {
      if (client.closeInfo) continue; // dropped: the reconnect loop takes over
      const last = rc.ledger.deliveries(messageId).at(-1)?.event;
      if (performance.now() >= deadline) detail = `run did not complete within ${runTimeoutMs} ms`;
      else
        [outcome, detail] = [
          'stalled',
          `stalled after ${last ? `${last.type}${last.seq !== undefined ? ` (seq ${last.seq})` : ''}` : 'sending the message'}: no event for ${eventTimeoutMs} ms`,
        ];
      break;
    }
  }
  if (outcome === 'completed' && settleMs > 0) await sleep(settleMs);

  const events = rc.ledger.deliveries(messageId).map((d) => d.event);
  if (refusal) events.push(refusal);
  return {
    client: rc.label,
    contract: rc.contract,
    content: message.content,
    messageId,
    runId: rc.ledger.runIdOf(messageId),
    sentAt: message.sentAt,
    events,
    outcome,
    detail,
    answer: events.find((e) => e.type === rc.contract.completionEvent)?.answer,
    timeline: [rc.describe(), ...rc.connections.map((c) => c.timeline.render())].join('\n\n'),
  };
}
