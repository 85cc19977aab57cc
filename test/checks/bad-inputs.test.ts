import { describe, expect, it } from 'vitest';
import { BAD_INPUT_KINDS, badInput, badInputs } from '../../framework/checks/bad-inputs.ts';
import { agentChatContract } from '../../framework/contract/agent-chat.ts';

describe('badInputs', () => {
  it("derives every kind from the contract's own user message", () => {
    const inputs = badInputs(agentChatContract);
    expect(inputs.map((i) => i.slug).sort()).toEqual([...BAD_INPUT_KINDS].sort());
    const frame = (kind: (typeof BAD_INPUT_KINDS)[number]) => badInput(agentChatContract, kind)!.frame;

    expect(() => JSON.parse(frame('invalid-json') as string)).toThrow();
    expect(JSON.parse(frame('unknown-type') as string)).toMatchObject({
      type: 'golden_path_unknown_type',
      id: 'msg_bad_input_probe',
    });
    expect(JSON.parse(frame('wrong-field-types') as string)).toEqual({
      type: 'user_message',
      id: 12345,
      content: 12345,
    });
    expect(JSON.parse(frame('missing-fields') as string)).toEqual({ type: 'user_message' });
    expect(frame('empty-frame')).toBe('');
    expect(Buffer.isBuffer(frame('binary-frame'))).toBe(true);
    expect(badInput(agentChatContract, 'unknown-type')!.codes).toEqual(['unknown_type']);
  });

  it('offers only the shape-free inputs for a contract whose messages are not JSON objects', () => {
    const lines = { ...agentChatContract, encodeUserMessage: ({ content }: { content: string }) => `MSG ${content}` };
    expect(badInputs(lines).map((i) => i.slug)).toEqual(['invalid-json', 'empty-frame', 'binary-frame']);
    expect(badInput(lines, 'missing-fields')).toBeUndefined();
  });
});
