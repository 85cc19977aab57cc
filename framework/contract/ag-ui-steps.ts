import { EventType } from '@ag-ui/core';
import type { ServerEvent } from './types.ts';
import type { ViolationList } from './violation-list.ts';

/** One event as the pairing rules see it: a `*_CHUNK` event stands for the START, delta and END it implies. */
export interface Step {
  /** The event type this step counts as: a message's first TEXT_MESSAGE_CHUNK counts as its TEXT_MESSAGE_START. */
  type: string;
  /** The run event it comes from, and that event's own type, for the message. */
  index: number;
  name: string;
  /** The toolCallId or messageId it pairs by; undefined when the event has none (the schema rule names that). */
  id: string | undefined;
}

/** A field of the event as the server sent it, when it is a string. */
export function stringField(event: ServerEvent, key: string): string | undefined {
  const raw = event.raw;
  const value = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

interface Chunk {
  rule: string;
  noun: string;
  idField: string;
  /** A field the first chunk must carry besides its id (a tool call's name). */
  required?: string;
  start: string;
  delta: string;
  end: string;
}

const CHUNKS: Record<string, Chunk> = {
  [EventType.TEXT_MESSAGE_CHUNK]: {
    rule: 'message_unpaired',
    noun: 'message',
    idField: 'messageId',
    start: EventType.TEXT_MESSAGE_START,
    delta: EventType.TEXT_MESSAGE_CONTENT,
    end: EventType.TEXT_MESSAGE_END,
  },
  [EventType.TOOL_CALL_CHUNK]: {
    rule: 'tool_unpaired',
    noun: 'call',
    idField: 'toolCallId',
    required: 'toolCallName',
    start: EventType.TOOL_CALL_START,
    delta: EventType.TOOL_CALL_ARGS,
    end: EventType.TOOL_CALL_END,
  },
  [EventType.REASONING_MESSAGE_CHUNK]: {
    rule: 'reasoning_unpaired',
    noun: 'reasoning message',
    idField: 'messageId',
    start: EventType.REASONING_MESSAGE_START,
    delta: EventType.REASONING_MESSAGE_CONTENT,
    end: EventType.REASONING_MESSAGE_END,
  },
};

// As @ag-ui/client's chunk transform has it: these events leave an open chunked message or call open,
// a run's boundaries close all of them, and any other event closes the one of its own lane (its subagent).
const KEEP_OPEN = new Set<string>([
  EventType.RAW,
  EventType.ACTIVITY_SNAPSHOT,
  EventType.ACTIVITY_DELTA,
  EventType.REASONING_ENCRYPTED_VALUE,
  EventType.SUBAGENT_STARTED,
]);
const CLOSE_ALL = new Set<string>([
  EventType.RUN_STARTED,
  EventType.RUN_FINISHED,
  EventType.RUN_ERROR,
  EventType.MESSAGES_SNAPSHOT,
]);

/**
 * The run's events as pairing steps, with `*_CHUNK` events expanded as the protocol defines them: a
 * chunk with a new id opens its message or call, its delta is content or args, and it is closed by
 * the next event of another kind or id, or by the end of the run. A first chunk that cannot open
 * anything (no id; a tool call without its name) is recorded in `violations`.
 */
export function pairingSteps(events: readonly ServerEvent[], violations: ViolationList): Step[] {
  const steps: Step[] = [];
  // By lane: the subagentRunId, '' for the agent's own. A closed stream's END is told as its last chunk.
  const open = new Map<string, { chunk: Chunk; id: string; last: Step }>();
  const close = (lane: string) => {
    const o = open.get(lane);
    if (o) steps.push({ ...o.last, type: o.chunk.end });
    open.delete(lane);
  };
  events.forEach((e, index) => {
    const lane = stringField(e, 'subagentRunId') ?? '';
    const chunk = CHUNKS[e.type];
    if (!chunk) {
      if (CLOSE_ALL.has(e.type)) for (const l of [...open.keys()]) close(l);
      else if (!KEEP_OPEN.has(e.type)) close(lane);
      const id = stringField(e, e.type.startsWith('TOOL_CALL_') ? 'toolCallId' : 'messageId');
      steps.push({ type: e.type, index, name: e.type, id });
      return;
    }
    const id = stringField(e, chunk.idField);
    let current = open.get(lane);
    if (current?.chunk !== chunk || (id !== undefined && id !== current.id)) {
      close(lane);
      if (id === undefined) {
        const message =
          `${e.type} #${index} has no ${chunk.idField} and no open ${chunk.noun} to continue: ` +
          `the first chunk of a ${chunk.noun} names it`;
        violations.add(chunk.rule, `${e.type}:no_id`, index, message);
        return;
      }
      if (chunk.required && stringField(e, chunk.required) === undefined) {
        const message = `${e.type} #${index} opens ${chunk.noun} ${id} without a ${chunk.required}`;
        violations.add(chunk.rule, `${e.type}:no_${chunk.required}`, index, message);
      }
      current = { chunk, id, last: { type: chunk.start, index, name: e.type, id } };
      open.set(lane, current);
      steps.push(current.last);
    }
    current.last = { type: chunk.delta, index, name: e.type, id: current.id };
    if (stringField(e, 'delta') !== undefined) steps.push(current.last);
  });
  for (const lane of [...open.keys()]) close(lane);
  return steps;
}
