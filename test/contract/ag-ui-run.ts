import type { ReceivedEvent } from '../../framework/client/received.ts';
import type { Run, RunOutcome } from '../../framework/client/run.ts';
import { agUiContract } from '../../framework/contract/ag-ui.ts';

/** A run as the client would collect it: each frame through one decoder of the contract, 10 ms apart. */
export function agUiRun(frames: object[], o: { outcome?: RunOutcome; detail?: string } = {}): Run {
  const decode = agUiContract.createDecoder();
  const events: ReceivedEvent[] = frames.map((frame, index) => ({
    ...decode(JSON.stringify(frame))!,
    at: 100 + 10 * (index + 1),
    index,
  }));
  return {
    client: 'alice#1',
    contract: agUiContract,
    content: agUiContract.prompts.twoTools,
    messageId: 'msg_1',
    runId: 'run_1',
    sentAt: 100,
    events,
    outcome: o.outcome ?? 'completed',
    detail: o.detail ?? '',
    answer: events.find((e) => e.type === 'RUN_FINISHED')?.answer,
    timeline: 'Timeline of alice#1:\n  (frames)',
  };
}

const call = (id: string, city: string, weather: string, n: number) => [
  { type: 'TOOL_CALL_START', toolCallId: id, toolCallName: 'get_weather' },
  { type: 'TOOL_CALL_ARGS', toolCallId: id, delta: JSON.stringify({ city }) },
  { type: 'TOOL_CALL_END', toolCallId: id },
  { type: 'TOOL_CALL_RESULT', messageId: `tool_${n}`, toolCallId: id, content: weather },
];

/**
 * A valid AG-UI run with two tool calls and an answer. Indices: 0 RUN_STARTED; 1-4 call c1
 * (START, ARGS, END, RESULT); 5-8 call c2; 9 TEXT_MESSAGE_START m1; 10, 11 CONTENT; 12 END; 13 RUN_FINISHED.
 */
export const TWO_TOOLS: object[] = [
  { type: 'RUN_STARTED', threadId: 'thread_1', runId: 'run_1' },
  ...call('c1', 'Rome', 'sunny', 1),
  ...call('c2', 'Tokyo', 'rainy', 2),
  { type: 'TEXT_MESSAGE_START', messageId: 'm1', role: 'assistant' },
  { type: 'TEXT_MESSAGE_CONTENT', messageId: 'm1', delta: 'Rome is sunny, ' },
  { type: 'TEXT_MESSAGE_CONTENT', messageId: 'm1', delta: 'Tokyo is rainy.' },
  { type: 'TEXT_MESSAGE_END', messageId: 'm1' },
  { type: 'RUN_FINISHED', threadId: 'thread_1', runId: 'run_1' },
];

/** TWO_TOOLS with the frame at `index` replaced by `frames` (none: removed). */
export function edited(index: number, ...frames: object[]): object[] {
  return [...TWO_TOOLS.slice(0, index), ...frames, ...TWO_TOOLS.slice(index + 1)];
}
