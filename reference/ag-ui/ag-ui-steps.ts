import { EventType, type Event as AgUiEvent } from '@ag-ui/core';
import type { ScriptStep } from '../agent/agent-script.ts';
import type { PacedStep } from '../agent/run-executor.ts';

export interface AgUiRunIds {
  readonly threadId: string;
  readonly runId: string;
  /** Random per run: message and tool call ids stay unique across runs, whatever ids the client chose. */
  readonly tag: string;
}

/** The run id handed to scriptFor, so that the script's tool calls are `call_<tag>_<n>`. */
export const scriptRunId = (tag: string): string => `run_${tag}`;

/**
 * The scripted agent's run in AG-UI's words, one event per paced step: agent_started → RUN_STARTED;
 * the first agent_thinking → a REASONING block; tool_executing → TOOL_CALL_START, _ARGS, _END;
 * tool_completed → TOOL_CALL_RESULT; agent_completed → a TEXT_MESSAGE streamed word by word, then
 * RUN_FINISHED. The thinking between two tool calls is left out; a long wait stays a wait.
 */
export function agUiStepsFor(script: readonly ScriptStep[], ids: AgUiRunIds): PacedStep<AgUiEvent>[] {
  const steps: PacedStep<AgUiEvent>[] = [];
  let reasoned = false;
  let results = 0;
  for (const step of script) {
    if (step.kind === 'wait') {
      steps.push(step);
      continue;
    }
    const data = step.data;
    let events: AgUiEvent[] = [];
    switch (step.type) {
      case 'agent_started':
        events = [{ type: EventType.RUN_STARTED, threadId: ids.threadId, runId: ids.runId }];
        break;
      case 'agent_thinking':
        if (!reasoned) events = reasoning(`msg_${ids.tag}_reasoning`, String(data['text']));
        reasoned = true;
        break;
      case 'tool_executing':
        events = toolCall(String(data['call_id']), String(data['tool']), data['args']);
        break;
      case 'tool_completed':
        results += 1;
        events = [
          {
            type: EventType.TOOL_CALL_RESULT,
            messageId: `msg_${ids.tag}_result_${results}`,
            toolCallId: String(data['call_id']),
            content: JSON.stringify(data['result']),
            role: 'tool',
          },
        ];
        break;
      case 'agent_completed':
        events = [
          ...answer(`msg_${ids.tag}_answer`, String(data['answer'])),
          { type: EventType.RUN_FINISHED, threadId: ids.threadId, runId: ids.runId },
        ];
        break;
    }
    for (const event of events) steps.push({ kind: 'event', build: () => event });
  }
  return steps;
}

function reasoning(messageId: string, text: string): AgUiEvent[] {
  return [
    { type: EventType.REASONING_START, messageId },
    { type: EventType.REASONING_MESSAGE_START, messageId, role: 'reasoning' },
    { type: EventType.REASONING_MESSAGE_CONTENT, messageId, delta: text },
    { type: EventType.REASONING_MESSAGE_END, messageId },
    { type: EventType.REASONING_END, messageId },
  ];
}

function toolCall(toolCallId: string, toolCallName: string, args: unknown): AgUiEvent[] {
  return [
    { type: EventType.TOOL_CALL_START, toolCallId, toolCallName },
    { type: EventType.TOOL_CALL_ARGS, toolCallId, delta: JSON.stringify(args) },
    { type: EventType.TOOL_CALL_END, toolCallId },
  ];
}

// Word by word, spaces kept, as a model streams tokens: every answer gives at least two chunks.
function answer(messageId: string, text: string): AgUiEvent[] {
  const chunks = text.match(/\S+\s*/g) ?? [text];
  return [
    { type: EventType.TEXT_MESSAGE_START, messageId, role: 'assistant' },
    ...chunks.map((delta): AgUiEvent => ({ type: EventType.TEXT_MESSAGE_CONTENT, messageId, delta })),
    { type: EventType.TEXT_MESSAGE_END, messageId },
  ];
}
