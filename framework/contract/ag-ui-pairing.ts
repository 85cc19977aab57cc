import { EventType } from '@ag-ui/core';
import type { Step } from './ag-ui-steps.ts';
import type { ViolationList } from './violation-list.ts';

/** What opens, streams into and closes one kind of thing that pairs by id. */
interface Pairing {
  rule: string;
  noun: string;
  start: string;
  delta?: string;
  end: string;
  /** What follows the end once (a tool call's result); a kind with one names a single use of its id. */
  result?: string;
}

const PAIRINGS: Pairing[] = [
  {
    rule: 'tool_unpaired',
    noun: 'call',
    start: EventType.TOOL_CALL_START,
    delta: EventType.TOOL_CALL_ARGS,
    end: EventType.TOOL_CALL_END,
    result: EventType.TOOL_CALL_RESULT,
  },
  {
    rule: 'message_unpaired',
    noun: 'message',
    start: EventType.TEXT_MESSAGE_START,
    delta: EventType.TEXT_MESSAGE_CONTENT,
    end: EventType.TEXT_MESSAGE_END,
  },
  {
    rule: 'reasoning_unpaired',
    noun: 'reasoning message',
    start: EventType.REASONING_MESSAGE_START,
    delta: EventType.REASONING_MESSAGE_CONTENT,
    end: EventType.REASONING_MESSAGE_END,
  },
  {
    rule: 'reasoning_unpaired',
    noun: 'reasoning block',
    start: EventType.REASONING_START,
    end: EventType.REASONING_END,
  },
];

/**
 * Tool calls pair by toolCallId (START → ARGS* → END → RESULT), text messages, reasoning messages
 * and reasoning blocks by messageId (START → CONTENT* → END). Records every step out of its place.
 */
export function checkPairing(steps: readonly Step[], violations: ViolationList): void {
  for (const p of PAIRINGS) {
    const kinds = [p.start, p.delta, p.end, p.result];
    pair(
      steps.filter((s) => kinds.includes(s.type)),
      p,
      violations,
    );
  }
}

type Phase = 'open' | 'ended' | 'result_before_end' | 'resulted';

function pair(steps: readonly Step[], p: Pairing, violations: ViolationList): void {
  const byId = new Map<string, { phase: Phase; opened: Step; last: Step }>();
  // One cause, one violation: the same fault on several ids or events is listed on the first one.
  const record = (cause: string, s: Step, message: string) =>
    violations.add(p.rule, `${p.start}:${cause}`, s.index, message);
  const named = (s: Step) => `${s.name} #${s.index} (${p.noun} ${s.id})`;
  const notOpened = (s: Step) => record('not_opened', s, `${named(s)} was not opened by a ${p.start}`);

  for (const s of steps) {
    if (s.id === undefined) continue; // the schema rule names the missing id
    const known = byId.get(s.id);
    if (s.type === p.start) {
      // A message may go on after its end (its content appends); a tool call's id names one call.
      // Opened again, it is followed as the new one: what comes next pairs with it, not against it.
      if (known && (known.phase === 'open' || p.result)) {
        record('again', s, `${named(s)} opens it again: ${known.opened.name} #${known.opened.index} already did`);
      }
      byId.set(s.id, { phase: 'open', opened: s, last: s });
    } else if (s.type === p.result) {
      if (!known) notOpened(s);
      else if (known.phase === 'ended') Object.assign(known, { phase: 'resulted', last: s });
      else if (known.phase === 'open') Object.assign(known, { phase: 'result_before_end', last: s });
      else
        record('second_result', s, `${named(s)} is a second result: ${known.last.name} #${known.last.index} was one`);
    } else if (known?.phase === 'open') {
      if (s.type === p.end) Object.assign(known, { phase: 'ended', last: s });
    } else if (known?.phase === 'result_before_end' && s.type === p.end) {
      const result = known.last;
      known.phase = 'resulted';
      record('result_before_end', result, `${named(result)} arrived before its ${p.end} (#${s.index})`);
    } else if (known) {
      record('after_end', s, `${named(s)} arrived after the ${p.noun} ended (${known.last.name} #${known.last.index})`);
    } else notOpened(s);
  }

  for (const { phase, opened, last } of byId.values()) {
    if (phase === 'open') record('never_ended', opened, `${named(opened)} was never ended by ${p.end}`);
    if (phase === 'result_before_end') {
      record('result_before_end', last, `${named(last)} arrived before any ${p.end}: the ${p.noun} was never ended`);
    }
  }
}
