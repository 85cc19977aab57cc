import { RunAgentInputSchema } from '@ag-ui/core/schemas';
import { describe, expect, it } from 'vitest';
import { agUiContract } from '../../framework/contract/ag-ui.ts';
import { agentChatContract } from '../../framework/contract/agent-chat.ts';
import { loadContract } from '../../framework/contract/load-contract.ts';
import { ConfigError } from '../../framework/errors.ts';
import { TWO_TOOLS } from './ag-ui-run.ts';

const text = (frame: object) => JSON.stringify(frame);

describe('the ag-ui contract', () => {
  it('encodes a user message as a RunAgentInput the protocol accepts', () => {
    const parsed = RunAgentInputSchema.safeParse(
      JSON.parse(agUiContract.encodeUserMessage({ id: 'msg_1', content: 'Compare Rome and Tokyo.' })),
    );
    expect(parsed.error).toBeUndefined();
    expect(parsed.data).toMatchObject({
      threadId: 'thread_msg_1',
      runId: 'run_msg_1',
      messages: [{ id: 'msg_1', role: 'user', content: 'Compare Rome and Tokyo.' }],
    });
    const inThread = JSON.parse(agUiContract.encodeUserMessage({ id: 'msg_2', content: 'And Oslo?', threadId: 't9' }));
    expect(inThread.threadId).toBe('t9');
  });

  it("decodes an event under its own name, its tool call id as callId, and never AG-UI's messageId", () => {
    expect(agUiContract.decode(text({ type: 'TOOL_CALL_END', toolCallId: 'c1' }))).toEqual({
      type: 'TOOL_CALL_END',
      callId: 'c1',
      raw: { type: 'TOOL_CALL_END', toolCallId: 'c1' },
    });
    expect(agUiContract.decode(text({ type: 'TEXT_MESSAGE_START', messageId: 'm1' }))!.messageId).toBeUndefined();
    expect(agUiContract.decode(text({ type: 'RUN_ERROR', message: 'boom' }))!.code).toBe('RUN_ERROR');
    expect(agUiContract.decode(text({ type: 'RUN_ERROR', message: 'boom', code: 'rate_limited' }))!.code).toBe(
      'rate_limited',
    );
    expect(agUiContract.decode('[1, 2]')).toBeUndefined();
    expect(agUiContract.decode('not json')).toBeUndefined();
  });

  it("stamps each event of a connection with its run's ids, and gives RUN_FINISHED the run's text", () => {
    const decode = agUiContract.createDecoder();
    const before = decode(text({ type: 'CUSTOM', name: 'hello', value: 1 }))!;
    const events = TWO_TOOLS.map((frame) => decode(text(frame))!);
    const late = decode(text({ type: 'TEXT_MESSAGE_CONTENT', messageId: 'm1', delta: '!' }))!;
    const next = decode(text({ type: 'RUN_STARTED', threadId: 'thread_1', runId: 'run_2' }))!;
    const nextTool = decode(text({ type: 'TOOL_CALL_START', toolCallId: 'c3', toolCallName: 'get_weather' }))!;

    expect(before.runId).toBeUndefined();
    expect(events.map((e) => e.runId)).toEqual(TWO_TOOLS.map(() => 'run_1'));
    expect(events.map((e) => e.threadId)).toEqual(TWO_TOOLS.map(() => 'thread_1'));
    expect(events.at(-1)!.answer).toBe('Rome is sunny, Tokyo is rainy.');
    // After RUN_FINISHED, until the next RUN_STARTED: still the run's, so that its after_completion rule sees it.
    expect(late.runId).toBe('run_1');
    expect([next.runId, nextTool.runId]).toEqual(['run_2', 'run_2']);
  });

  it("keeps a RUN_FINISHED's own ids in raw when it names another run: the ids rule reads them there", () => {
    const decode = agUiContract.createDecoder();
    decode(text(TWO_TOOLS[0]!));
    const finished = decode(text({ type: 'RUN_FINISHED', threadId: 'thread_1', runId: 'run_other' }))!;
    expect(finished.runId).toBe('run_1');
    expect((finished.raw as { runId: string }).runId).toBe('run_other');
  });

  it('each decoder holds its own run: two connections do not share one', () => {
    const a = agUiContract.createDecoder();
    const b = agUiContract.createDecoder();
    a(text(TWO_TOOLS[0]!));
    expect(b(text(TWO_TOOLS[1]!))!.runId).toBeUndefined();
  });
});

describe('loadContract names', () => {
  it("resolves 'ag-ui' and 'agent_chat' to the built-ins", async () => {
    expect(await loadContract('ag-ui')).toBe(agUiContract);
    expect(await loadContract('agent_chat')).toBe(agentChatContract);
  });

  it('a name that is neither a built-in nor a file says which built-ins there are', async () => {
    const error = await loadContract('ag_ui').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(
      /^E2E_CONTRACT: cannot load .*ag_ui: no such file \(E2E_CONTRACT is a module path or a built-in contract: agent_chat, ag-ui\)$/,
    );
  });
});
