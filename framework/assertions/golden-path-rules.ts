import type { ReceivedEvent } from '../client/chat-client.ts';
import type { Run } from '../client/run.ts';
import { isErrorEvent, type Contract } from '../contract/types.ts';

export type GoldenPathRule =
  | 'run_error'
  | 'run_incomplete'
  | 'missing_event'
  | 'order'
  | 'tool_unpaired'
  | 'seq'
  | 'duplicate_event'
  | 'after_completion'
  | 'error_event'
  // Rules of the contract's own protocol (contract.checkEvents), AG-UI's among them.
  | 'schema'
  | 'ids'
  | 'message_unpaired'
  | 'reasoning_unpaired';

// Most telling first: a reader sees the defect before its consequences (a drop before the seq gap it
// leaves; the server's own error, or an event the protocol cannot parse, before the pairs they break).
const PRIORITY: GoldenPathRule[] = [
  'run_error',
  'schema',
  'run_incomplete',
  'missing_event',
  'duplicate_event',
  'order',
  'ids',
  'tool_unpaired',
  'message_unpaired',
  'reasoning_unpaired',
  'after_completion',
  'error_event',
  'seq',
];

export interface Violation {
  /** A golden-path rule, or one of the contract's own (a rule PRIORITY does not know sorts last). */
  rule: GoldenPathRule | (string & {});
  /** Index of the offending event within the run, when one event is to blame. */
  index: number | undefined;
  message: string;
}

/**
 * Checks one run against the golden path: the critical events present and in order, every tool
 * call closed by its completion with the same call id, seq gapless and rising, nothing after the
 * completion event, no duplicate event, no error frame, no failure event; then the contract's own
 * rules (`contract.checkEvents`), whose findings replace the golden path's for a rule both judge.
 * Returns every rule broken, most telling first.
 */
export function checkGoldenPath(run: Run, contract: Contract): Violation[] {
  const v: Violation[] = [];
  const events = run.events;
  const add = (rule: GoldenPathRule, index: number | undefined, message: string) => v.push({ rule, index, message });

  if (run.outcome === 'failed') {
    // The server said the run failed: that is the finding, not that the run did not complete.
    const at = events.findIndex((e) => e.type === contract.failureEvent);
    add('run_error', at === -1 ? undefined : at, `the run failed: ${run.detail}`);
  } else if (run.outcome !== 'completed') add('run_incomplete', undefined, `run ${run.outcome}: ${run.detail}`);

  const firstIndex = new Map<string, number>();
  events.forEach((e, i) => {
    for (const type of [e.type, ...(contract.standsFor?.(e.type) ?? [])])
      if (!firstIndex.has(type)) firstIndex.set(type, i);
  });
  for (const type of contract.criticalEvents) {
    if (!firstIndex.has(type)) add('missing_event', undefined, `${type} never arrived`);
  }

  // Order: the first occurrence of each critical event follows the contract's order.
  let prev: { type: string; index: number } | undefined;
  for (const type of contract.criticalEvents) {
    const index = firstIndex.get(type);
    if (index === undefined) continue;
    if (prev && index < prev.index) {
      add('order', index, `${type} (event #${index}) arrived before ${prev.type} (event #${prev.index})`);
    }
    prev = { type, index };
  }
  if (events.length > 0 && events[0]!.type !== contract.startEvent) {
    add('order', 0, `the run opened with ${events[0]!.type}, not ${contract.startEvent}`);
  }

  checkTools(events, contract, add);
  checkSeq(events, contract.seqRequired !== false, add);

  const completions = events.flatMap((e, i) => (e.type === contract.completionEvent ? [i] : []));
  const end = completions[0];
  if (end !== undefined && end < events.length - 1) {
    const after = events[end + 1]!;
    add('after_completion', end + 1, `${after.type}${seqOf(after)} arrived after ${contract.completionEvent}`);
  }
  const seen = new Map<string, number>();
  events.forEach((e, i) => {
    const key = `${e.type}#${e.seq ?? `i${i}`}#${e.callId ?? ''}`;
    const first = seen.get(key);
    if (first !== undefined)
      add('duplicate_event', i, `${e.type}${seqOf(e)} arrived twice: events #${first} and #${i}`);
    else seen.set(key, i);
  });
  events.forEach((e, i) => {
    // A failure event that is also the error event (AG-UI's RUN_ERROR) is the run_error above.
    if (isErrorEvent(contract, e) && e.type !== contract.failureEvent)
      add('error_event', i, `error frame in the run: ${e.code ?? '(no code)'}`);
  });

  // The protocol's rules are the more precise where both judge (AG-UI pairs a tool call through its
  // result): one cause, one line.
  const own = contract.checkEvents?.(events) ?? [];
  const judged = new Set(own.map((x) => x.rule));
  const all = [...v.filter((x) => !judged.has(x.rule)), ...own];
  const rank = (rule: string) => {
    const i = PRIORITY.indexOf(rule as GoldenPathRule);
    return i === -1 ? PRIORITY.length : i;
  };
  return all.sort((a, b) => rank(a.rule) - rank(b.rule));
}

const seqOf = (e: ReceivedEvent) => (e.seq === undefined ? '' : ` (seq ${e.seq})`);

function checkTools(
  events: ReceivedEvent[],
  contract: Contract,
  add: (r: GoldenPathRule, i: number | undefined, m: string) => void,
): void {
  const open = new Map<string, number>();
  events.forEach((e, i) => {
    if (e.type === contract.toolStartEvent) {
      if (e.callId === undefined) add('tool_unpaired', i, `${e.type} #${i} has no call id`);
      else open.set(e.callId, i);
    } else if (e.type === contract.toolEndEvent) {
      if (e.callId === undefined || !open.has(e.callId)) {
        add(
          'tool_unpaired',
          i,
          `${e.type} #${i} (call ${e.callId ?? '?'}) was not preceded by its ${contract.toolStartEvent}`,
        );
      } else open.delete(e.callId);
    }
  });
  for (const [callId, i] of open) {
    add(
      'tool_unpaired',
      i,
      `${contract.toolStartEvent} #${i} (call ${callId}) was never closed by ${contract.toolEndEvent}`,
    );
  }
}

function checkSeq(
  events: ReceivedEvent[],
  required: boolean,
  add: (r: GoldenPathRule, i: number | undefined, m: string) => void,
): void {
  if (!required) return; // the contract states its backend sends no seq
  const first = events[0];
  if (first && events.every((e) => e.seq === undefined)) {
    // One cause, one message: a backend that sends no seq at all is told so once, with the setting.
    add(
      'seq',
      undefined,
      `${first.type} #0 carries no seq; the contract requires one on every event (none of the run's ${events.length} events has one; a backend that sends none by design sets seqRequired: false in its contract module, E2E_CONTRACT)`,
    );
    return;
  }
  let last: number | undefined;
  events.forEach((e, i) => {
    if (e.seq === undefined) {
      add('seq', i, `${e.type} #${i} carries no seq; the contract requires one on every event`);
      return;
    }
    if (last !== undefined && e.seq !== last + 1) {
      const what = e.seq <= last ? 'went back' : 'skipped';
      add('seq', i, `seq ${what} at ${e.type} #${i}: expected ${last + 1}, got ${e.seq}`);
    }
    last = Math.max(last ?? e.seq, e.seq);
  });
}
