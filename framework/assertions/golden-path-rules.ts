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
  // Plain loops and no closures: a load run judges every run with this, and most runs pass.
  const v: Violation[] = [];
  const events = run.events;

  if (run.outcome === 'failed') {
    // The server said the run failed: that is the finding, not that the run did not complete.
    const at = events.findIndex((e) => e.type === contract.failureEvent);
    add(v, 'run_error', at === -1 ? undefined : at, `the run failed: ${run.detail}`);
  } else if (run.outcome !== 'completed') add(v, 'run_incomplete', undefined, `run ${run.outcome}: ${run.detail}`);

  const firstIndex = new Map<string, number>();
  for (let i = 0; i < events.length; i += 1) {
    const type = events[i]!.type;
    if (!firstIndex.has(type)) firstIndex.set(type, i);
    const standsFor = contract.standsFor?.(type);
    if (standsFor) for (const t of standsFor) if (!firstIndex.has(t)) firstIndex.set(t, i);
  }
  for (const type of contract.criticalEvents) {
    if (!firstIndex.has(type)) add(v, 'missing_event', undefined, `${type} never arrived`);
  }

  // Order: the first occurrence of each critical event follows the contract's order.
  let prevType: string | undefined;
  let prevIndex = -1;
  for (const type of contract.criticalEvents) {
    const index = firstIndex.get(type);
    if (index === undefined) continue;
    if (prevType !== undefined && index < prevIndex) {
      add(v, 'order', index, `${type} (event #${index}) arrived before ${prevType} (event #${prevIndex})`);
    }
    prevType = type;
    prevIndex = index;
  }
  if (events.length > 0 && events[0]!.type !== contract.startEvent) {
    add(v, 'order', 0, `the run opened with ${events[0]!.type}, not ${contract.startEvent}`);
  }

  checkTools(events, contract, v);
  const seqRises = checkSeq(events, contract.seqRequired !== false, v);

  let end = -1;
  for (let i = 0; i < events.length && end === -1; i += 1) if (events[i]!.type === contract.completionEvent) end = i;
  if (end !== -1 && end < events.length - 1) {
    const after = events[end + 1]!;
    add(v, 'after_completion', end + 1, `${after.type}${seqOf(after)} arrived after ${contract.completionEvent}`);
  }
  // Two events are the same when their type, seq and call id are; an event with no seq is its own.
  // When every event has a seq and it only rises, no two can be the same: nothing to look for.
  if (!seqRises) {
    const seen = new Map<string, number>();
    for (let i = 0; i < events.length; i += 1) {
      const e = events[i]!;
      const key = `${e.type}#${e.seq ?? `i${i}`}#${e.callId ?? ''}`;
      const first = seen.get(key);
      if (first !== undefined)
        add(v, 'duplicate_event', i, `${e.type}${seqOf(e)} arrived twice: events #${first} and #${i}`);
      else seen.set(key, i);
    }
  }
  for (let i = 0; i < events.length; i += 1) {
    const e = events[i]!;
    // A failure event that is also the error event (AG-UI's RUN_ERROR) is the run_error above.
    if (isErrorEvent(contract, e) && e.type !== contract.failureEvent)
      add(v, 'error_event', i, `error frame in the run: ${e.code ?? '(no code)'}`);
  }

  // The protocol's rules are the more precise where both judge (AG-UI pairs a tool call through its
  // result): one cause, one line.
  const own = contract.checkEvents?.(events) ?? [];
  if (own.length === 0 && v.length < 2) return v;
  const judged = new Set(own.map((x) => x.rule));
  const all = [...v.filter((x) => !judged.has(x.rule)), ...own];
  return all.sort((a, b) => rank(a.rule) - rank(b.rule));
}

function add(v: Violation[], rule: GoldenPathRule, index: number | undefined, message: string): void {
  v.push({ rule, index, message });
}

function rank(rule: string): number {
  const i = PRIORITY.indexOf(rule as GoldenPathRule);
  return i === -1 ? PRIORITY.length : i;
}

const seqOf = (e: ReceivedEvent) => (e.seq === undefined ? '' : ` (seq ${e.seq})`);

function checkTools(events: ReceivedEvent[], contract: Contract, v: Violation[]): void {
  const open = new Map<string, number>();
  for (let i = 0; i < events.length; i += 1) {
    const e = events[i]!;
    if (e.type === contract.toolStartEvent) {
      if (e.callId === undefined) add(v, 'tool_unpaired', i, `${e.type} #${i} has no call id`);
      else open.set(e.callId, i);
    } else if (e.type === contract.toolEndEvent) {
      if (e.callId === undefined || !open.has(e.callId)) {
        add(
          v,
          'tool_unpaired',
          i,
          `${e.type} #${i} (call ${e.callId ?? '?'}) was not preceded by its ${contract.toolStartEvent}`,
        );
      } else open.delete(e.callId);
    }
  }
  for (const [callId, i] of open) {
    add(
      v,
      'tool_unpaired',
      i,
      `${contract.toolStartEvent} #${i} (call ${callId}) was never closed by ${contract.toolEndEvent}`,
    );
  }
}

/** Judges seq when the contract requires it; returns whether every event has one and it only rises. */
function checkSeq(events: ReceivedEvent[], required: boolean, v: Violation[]): boolean {
  let rises = true;
  let last: number | undefined;
  let withSeq = 0;
  for (const e of events) {
    if (e.seq === undefined) {
      rises = false;
      continue;
    }
    withSeq += 1;
    if (last !== undefined && e.seq <= last) rises = false;
    last = e.seq;
  }
  if (!required) return rises; // the contract states its backend sends no seq
  const first = events[0];
  if (first && withSeq === 0) {
    // One cause, one message: a backend that sends no seq at all is told so once, with the setting.
    add(
      v,
      'seq',
      undefined,
      `${first.type} #0 carries no seq; the contract requires one on every event (none of the run's ${events.length} events has one; a backend that sends none by design sets seqRequired: false in its contract module, E2E_CONTRACT)`,
    );
    return rises;
  }
  last = undefined;
  for (let i = 0; i < events.length; i += 1) {
    const e = events[i]!;
    if (e.seq === undefined) {
      add(v, 'seq', i, `${e.type} #${i} carries no seq; the contract requires one on every event`);
      continue;
    }
    if (last !== undefined && e.seq !== last + 1) {
      const what = e.seq <= last ? 'went back' : 'skipped';
      add(v, 'seq', i, `seq ${what} at ${e.type} #${i}: expected ${last + 1}, got ${e.seq}`);
    }
    last = Math.max(last ?? e.seq, e.seq);
  }
  return rises;
}
