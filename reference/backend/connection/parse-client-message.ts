import type { RawData } from 'ws';
import type { ClientMessage, ErrorFrame } from '../../contract/agent-chat-types.ts';

export type ParsedMessage =
  { readonly ok: true; readonly message: ClientMessage } | { readonly ok: false; readonly error: ErrorFrame };

export interface ParseOptions {
  /** False under the no_resume dialect: `resume` is then a type this backend does not know. */
  readonly resume: boolean;
}

/** Validates one client frame against the agent_chat contract; never throws. */
export function parseClientMessage(
  data: RawData,
  isBinary: boolean,
  options: ParseOptions = { resume: true },
): ParsedMessage {
  if (isBinary) return fail('invalid_message', 'binary frames are not supported; send JSON text');
  const text = frameText(data);
  if (text.trim() === '') return fail('invalid_json', 'empty message');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('invalid_json', 'message is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('invalid_message', 'message must be a JSON object');
  }
  const fields = value as Record<string, unknown>;
  if (typeof fields['type'] !== 'string') return fail('invalid_message', 'message needs a string "type"');
  if (fields['type'] === 'user_message') return parseUserMessage(fields);
  if (fields['type'] === 'resume' && options.resume) return parseResume(fields);
  return fail('unknown_type', `unknown message type "${fields['type'].slice(0, 64)}"`);
}

function parseUserMessage(fields: Record<string, unknown>): ParsedMessage {
  const { id, content, thread_id: threadId } = fields;
  if (typeof id !== 'string' || id === '') return fail('invalid_message', 'user_message needs a non-empty string "id"');
  if (typeof content !== 'string' || content.trim() === '') {
    return fail('invalid_message', 'user_message needs a non-empty string "content"');
  }
  if (threadId !== undefined && (typeof threadId !== 'string' || threadId === '')) {
    return fail('invalid_message', '"thread_id" must be a non-empty string when given');
  }
  const message: ClientMessage =
    threadId === undefined
      ? { type: 'user_message', id, content }
      : { type: 'user_message', id, content, thread_id: threadId };
  return { ok: true, message };
}

function parseResume(fields: Record<string, unknown>): ParsedMessage {
  const { run_id: runId, after_seq: afterSeq } = fields;
  if (typeof runId !== 'string' || runId === '') return fail('invalid_message', 'resume needs a string "run_id"');
  if (typeof afterSeq !== 'number' || !Number.isInteger(afterSeq) || afterSeq < 0) {
    return fail('invalid_message', 'resume needs "after_seq", an integer >= 0');
  }
  return { ok: true, message: { type: 'resume', run_id: runId, after_seq: afterSeq } };
}

/** A text frame's payload, however ws delivered it. */
export function frameText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (data instanceof ArrayBuffer ? Buffer.from(data) : data).toString('utf8');
}

function fail(code: ErrorFrame['code'], message: string): ParsedMessage {
  return { ok: false, error: { type: 'error', code, message } };
}
