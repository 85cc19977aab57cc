import { EventType, type RunAgentInput } from '@ag-ui/core';
import { agentChatContract } from './agent-chat.ts';
import { checkAgUiEvents } from './ag-ui-rules.ts';
import { stringField } from './ag-ui-steps.ts';
import type { Contract, ServerEvent, UserMessageInput } from './types.ts';

/**
 * The AG-UI protocol (`@ag-ui/core` 1.0), events kept under their own names: `E2E_CONTRACT=ag-ui`.
 * A user message is a RunAgentInput; nothing comes before a run, so a connection is ready at the upgrade.
 */
export const agUiContract = {
  name: 'ag-ui',
  subprotocol: undefined,
  // AG-UI names no way to carry a token in Sec-WebSocket-Protocol: the harness's default it is.
  tokenSubprotocol: agentChatContract.tokenSubprotocol,
  criticalEvents: [
    EventType.RUN_STARTED,
    EventType.TOOL_CALL_START,
    EventType.TOOL_CALL_END,
    EventType.TOOL_CALL_RESULT,
    EventType.TEXT_MESSAGE_START,
    EventType.TEXT_MESSAGE_CONTENT,
    EventType.TEXT_MESSAGE_END,
    EventType.RUN_FINISHED,
  ],
  // A chunk stands for its START, its content and (at the next event of another kind) its END.
  standsFor: (type: string) => CHUNK_STANDS_FOR[type],
  seqRequired: false,
  startEvent: EventType.RUN_STARTED,
  completionEvent: EventType.RUN_FINISHED,
  failureEvent: EventType.RUN_ERROR,
  // RUN_ERROR is also how a server refuses what it cannot run; its code is the backend's own.
  errorEvent: EventType.RUN_ERROR,
  namedErrorCodes: false,
  toolStartEvent: EventType.TOOL_CALL_START,
  toolEndEvent: EventType.TOOL_CALL_END,
  encodeUserMessage: ({ id, content, threadId }: UserMessageInput) =>
    JSON.stringify({
      threadId: threadId ?? `thread_${id}`,
      runId: `run_${id}`,
      state: {},
      messages: [{ id, role: 'user', content }],
      tools: [],
      context: [],
      forwardedProps: {},
    } satisfies RunAgentInput),
  decode,
  createDecoder,
  checkEvents: checkAgUiEvents,
  // The reference's scripted agent answers these in either dialect.
  prompts: agentChatContract.prompts,
} satisfies Contract;

const CHUNK_STANDS_FOR: Record<string, readonly string[]> = {
  [EventType.TEXT_MESSAGE_CHUNK]: [
    EventType.TEXT_MESSAGE_START,
    EventType.TEXT_MESSAGE_CONTENT,
    EventType.TEXT_MESSAGE_END,
  ],
  [EventType.TOOL_CALL_CHUNK]: [EventType.TOOL_CALL_START, EventType.TOOL_CALL_ARGS, EventType.TOOL_CALL_END],
};

function decode(text: string): ServerEvent | undefined {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return undefined;
  const f = frame as Record<string, unknown>;
  const event: ServerEvent = { type: typeof f.type === 'string' ? f.type : '(no type)', raw: frame };
  if (typeof f.runId === 'string') event.runId = f.runId;
  if (typeof f.threadId === 'string') event.threadId = f.threadId;
  if (typeof f.toolCallId === 'string') event.callId = f.toolCallId;
  if (event.type === EventType.RUN_ERROR) event.code = typeof f.code === 'string' ? f.code : EventType.RUN_ERROR;
  // AG-UI's messageId is left in raw: it names the agent's message, and ServerEvent.messageId the
  // user message a run answers (the client matches runs by it).
  return event;
}

/**
 * A decoder for one connection or stream. AG-UI names the run only on RUN_STARTED and RUN_FINISHED,
 * so this one stamps the run in progress on every event from its RUN_STARTED on, and gives
 * RUN_FINISHED the run's text (its TEXT_MESSAGE_CONTENT deltas) as `answer`. An event's own ids
 * stay in `raw`, where checkEvents compares them.
 */
function createDecoder(): (text: string) => ServerEvent | undefined {
  let run: { runId: string | undefined; threadId: string | undefined; answer: string } | undefined;
  return (text) => {
    const event = decode(text);
    if (!event) return undefined;
    if (event.type === EventType.RUN_STARTED) run = { runId: event.runId, threadId: event.threadId, answer: '' };
    if (!run) return event;
    // Events after the run's end keep its ids too, until the next RUN_STARTED: the run collects
    // them, and its after_completion rule names them, instead of the harness dropping them unseen.
    if (run.runId !== undefined) event.runId = run.runId;
    if (run.threadId !== undefined) event.threadId = run.threadId;
    if (event.type === EventType.TEXT_MESSAGE_CONTENT || event.type === EventType.TEXT_MESSAGE_CHUNK) {
      run.answer += stringField(event, 'delta') ?? '';
    }
    if (event.type === EventType.RUN_FINISHED) event.answer = run.answer;
    return event;
  };
}
