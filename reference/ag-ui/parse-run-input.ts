import { contentToText, type RunAgentInput } from '@ag-ui/core';
import { RunAgentInputSchema } from '@ag-ui/core/schemas';

export type RunInputErrorCode = 'invalid_json' | 'invalid_input';

export type ParsedRunInput =
  | { readonly ok: true; readonly input: RunAgentInput; readonly prompt: string }
  | { readonly ok: false; readonly code: RunInputErrorCode; readonly message: string };

// Enough issues to fix the request, not a wall of them.
const MAX_ISSUES = 5;

/** Parses a WebSocket frame or a request body as JSON, then validates it; never throws. */
export function parseRunInputText(text: string): ParsedRunInput {
  if (text.trim() === '')
    return { ok: false, code: 'invalid_json', message: 'empty input; send a RunAgentInput as JSON' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, code: 'invalid_json', message: 'input is not valid JSON; send a RunAgentInput' };
  }
  return parseRunInput(value);
}

/**
 * Validates a RunAgentInput with AG-UI's own schema; the prompt is the text of the last user
 * message (empty when there is none: the agent then runs on its default).
 */
export function parseRunInput(value: unknown): ParsedRunInput {
  const result = RunAgentInputSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, MAX_ISSUES)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return { ok: false, code: 'invalid_input', message: `not a RunAgentInput: ${issues.join('; ')}` };
  }
  const input: RunAgentInput = result.data;
  const lastUser = input.messages.findLast((message) => message.role === 'user');
  return { ok: true, input, prompt: lastUser ? contentToText(lastUser.content) : '' };
}
