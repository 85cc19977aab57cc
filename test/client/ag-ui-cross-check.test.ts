import { HttpAgent } from '@ag-ui/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGoldenPath } from '../../framework/assertions/golden-path-rules.ts';
import { ChatClient } from '../../framework/client/chat-client.ts';
import { SseChatClient } from '../../framework/client/sse-client.ts';
import { agUiContract as contract } from '../../framework/contract/ag-ui.ts';
import { startReferenceStack, type ReferenceStack } from '../../reference/index.ts';
import { login } from '../reference/support/reference-http.ts';

/**
 * The ecosystem's own client as a cross-check: the same run through @ag-ui/client's HttpAgent (what
 * real UIs use) and through the harness must show the same events. Where the client refuses a run,
 * the harness must not pass it either.
 */

/** An event with its ids replaced by their order of first appearance: two runs of one script compare equal. */
function shape(events: readonly object[]): string[] {
  const ids = new Map<string, string>();
  const alias = (v: unknown) => {
    if (typeof v !== 'string') return v;
    if (!ids.has(v)) ids.set(v, `id${ids.size}`);
    return ids.get(v);
  };
  return events.map((e) =>
    JSON.stringify(
      Object.fromEntries(
        Object.entries(e)
          .filter(([k]) => k !== 'timestamp' && k !== 'rawEvent')
          .map(([k, v]) => [k, /Id$/.test(k) ? alias(v) : v]),
      ),
    ),
  );
}

/** The run through HttpAgent: every event its subscribers saw, and the error it raised, if any. */
async function throughHttpAgent(url: string, token: string, prompt: string) {
  const agent = new HttpAgent({
    url,
    headers: { Authorization: `Bearer ${token}` },
    threadId: 'thread_cross_check',
    initialMessages: [{ id: 'msg_cross_check', role: 'user', content: prompt }],
  });
  const events: object[] = [];
  let error: Error | undefined;
  await agent
    .runAgent({ runId: 'run_cross_check' }, { onEvent: ({ event }) => void events.push(event) })
    .catch((e: Error) => (error = e));
  return { events, error };
}

describe('the harness sees what @ag-ui/client sees (REF_DIALECT=ag_ui)', () => {
  let stack: ReferenceStack;
  let token: string;
  beforeAll(async () => {
    stack = await startReferenceStack({ env: { REF_DIALECT: 'ag_ui', REF_STEP_MS: '2' }, log: false });
    token = await login(stack.authUrl);
  });
  afterAll(() => stack.close());

  it('a two-tool run over SSE: the same event list, and both call it complete', async () => {
    const url = `${stack.backendUrl}/agent`;
    const client = await throughHttpAgent(url, token, contract.prompts.twoTools);
    const harness = new SseChatClient({ url, contract, token, eventTimeoutMs: 3000, runTimeoutMs: 10_000 });
    const run = await harness.runToCompletion(contract.prompts.twoTools);
    await harness.close();

    expect(client.error).toBeUndefined();
    expect(checkGoldenPath(run, contract)).toEqual([]);
    expect(run.events.filter((e) => e.type === 'TOOL_CALL_START')).toHaveLength(2);
    expect(shape(run.events.map((e) => e.raw as object))).toEqual(shape(client.events));
  });

  it('over WebSocket the harness sees the same events as the HttpAgent does over SSE', async () => {
    const client = await throughHttpAgent(`${stack.backendUrl}/agent`, token, contract.prompts.twoTools);
    const ws = await ChatClient.connect({ url: stack.wsUrl, contract, token, eventTimeoutMs: 3000 });
    const run = await ws.runToCompletion(contract.prompts.twoTools);
    await ws.close();

    expect(checkGoldenPath(run, contract)).toEqual([]);
    expect(shape(run.events.map((e) => e.raw as object))).toEqual(shape(client.events));
  });
});

// The client refuses the first three runs; a stream that ends without RUN_FINISHED it finalizes
// without a word, and there the harness is the stricter of the two: a run that never finished.
describe.each([
  ['drop_event:TOOL_CALL_END', /\[tool_unpaired\]/, true],
  ['invalid_event', /\[schema\]/, true],
  ['duplicate_event:TEXT_MESSAGE_START', /\[message_unpaired\]|\[duplicate_event\]/, true],
  ['drop_event:RUN_FINISHED', /\[run_incomplete\] .*1006/, false],
] as const)(
  'under %s, the harness fails the run (and so does the client where it refuses it)',
  (fault, rule, refused) => {
    let stack: ReferenceStack;
    let token: string;
    beforeAll(async () => {
      stack = await startReferenceStack({
        env: { REF_DIALECT: 'ag_ui', REF_FAULTS: fault, REF_STEP_MS: '2' },
        log: false,
      });
      token = await login(stack.authUrl);
    });
    afterAll(() => stack.close());

    it('both judge the run', async () => {
      const url = `${stack.backendUrl}/agent`;
      const client = await throughHttpAgent(url, token, contract.prompts.twoTools);
      const harness = new SseChatClient({ url, contract, token, eventTimeoutMs: 1000, runTimeoutMs: 5000 });
      const run = await harness.runToCompletion(contract.prompts.twoTools);
      await harness.close();

      const violations = checkGoldenPath(run, contract).map((v) => `[${v.rule}] ${v.message}`);
      expect(violations.join('\n')).toMatch(rule);
      expect(client.error !== undefined, `the client's error: ${client.error?.message}`).toBe(refused);
    });
  },
);
