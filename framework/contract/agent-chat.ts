import { CRITICAL_EVENTS, type Contract, type ResumeInput, type ServerEvent, type UserMessageInput } from './types.ts';

/** The default `agent_chat` contract, as written in the project's DESIGN. */
export const agentChatContract = {
  name: 'agent_chat',
  subprotocol: 'agent_chat',
  tokenSubprotocol: (token: string) => `jwt.${Buffer.from(token).toString('base64url')}`,
  criticalEvents: CRITICAL_EVENTS,
  seqRequired: true,
  startEvent: 'agent_started',
  completionEvent: 'agent_completed',
  toolStartEvent: 'tool_executing',
  toolEndEvent: 'tool_completed',
  readyEvent: 'connection_established',
  encodeUserMessage: ({ id, content, threadId }: UserMessageInput) =>
    JSON.stringify({ type: 'user_message', id, content, ...(threadId ? { thread_id: threadId } : {}) }),
  encodeResume: ({ runId, afterSeq }: ResumeInput) =>
    JSON.stringify({ type: 'resume', run_id: runId, after_seq: afterSeq }),
  decode,
  prompts: {
    simple: 'What is the weather in Paris?',
    twoTools: 'Compare the weather in Rome and Tokyo.',
    long: (ms: number) => `Think long:${Math.max(1, Math.round(ms))} about the weather in Oslo.`,
  },
} satisfies Contract;

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
  if (typeof f.run_id === 'string') event.runId = f.run_id;
  if (typeof f.thread_id === 'string') event.threadId = f.thread_id;
  if (typeof f.message_id === 'string') event.messageId = f.message_id;
  if (typeof f.seq === 'number') event.seq = f.seq;
  if (typeof f.call_id === 'string') event.callId = f.call_id;
  if (typeof f.code === 'string') event.code = f.code;
  if (typeof f.answer === 'string') event.answer = f.answer;
  if (typeof f.connection_id === 'string') event.connectionId = f.connection_id;
  if (typeof f.user_id === 'string') event.userId = f.user_id;
  return event;
}
