import { EventSchemas } from '@ag-ui/core/schemas';
import { describe, expect, it } from 'vitest';
import { describeWeather, weatherFor } from '../../reference/agent/weather-tool.ts';
import { parseReferenceConfig, ReferenceConfigError } from '../../reference/index.ts';
import { withAgUiStack } from './support/ag-ui-stack.ts';
import { postAgent, runInput, type AgentStream, type AgUiFrame } from './support/agent-stream.ts';
import { ownSigningKey } from './support/own-signing-key.ts';
import { withStack } from './support/with-stack.ts';
import { connect, type TestClient } from './support/ws-test-client.ts';

const TWO_CITIES = 'Compare the weather in Rome and Tokyo.';
const REASONING = [
  'REASONING_START',
  'REASONING_MESSAGE_START',
  'REASONING_MESSAGE_CONTENT',
  'REASONING_MESSAGE_END',
  'REASONING_END',
];
const TOOL_CALL = ['TOOL_CALL_START', 'TOOL_CALL_ARGS', 'TOOL_CALL_END', 'TOOL_CALL_RESULT'];

/** The answer the scripted agent gives for these cities (streamed one word per TEXT_MESSAGE_CONTENT). */
function answerFor(cities: string[]): string {
  return cities.map((city) => describeWeather(weatherFor(city))).join('. ') + '.';
}

function expectedTypes(cities: string[]): string[] {
  const words = answerFor(cities).split(' ').length;
  return [
    'RUN_STARTED',
    ...REASONING,
    ...cities.flatMap(() => TOOL_CALL),
    'TEXT_MESSAGE_START',
    ...Array<string>(words).fill('TEXT_MESSAGE_CONTENT'),
    'TEXT_MESSAGE_END',
    'RUN_FINISHED',
  ];
}

const types = (events: readonly AgUiFrame[]): string[] => events.map((e) => e.type);
const ofType = (events: readonly AgUiFrame[], type: string): AgUiFrame[] => events.filter((e) => e.type === type);
const invalid = (events: readonly AgUiFrame[]): AgUiFrame[] => events.filter((e) => !EventSchemas.safeParse(e).success);

/** A healthy run for these cities: the exact sequence, every event valid, ids that hold together. */
function expectGoldenRun(events: AgUiFrame[], ids: { threadId: string; runId: string }, cities: string[]): void {
  expect(types(events)).toEqual(expectedTypes(cities));
  expect(invalid(events)).toEqual([]);
  for (const type of ['RUN_STARTED', 'RUN_FINISHED']) expect(ofType(events, type)).toEqual([{ type, ...ids }]);
  const reasoningIds = new Set(events.filter((e) => e.type.startsWith('REASONING_')).map((e) => e['messageId']));
  expect(reasoningIds.size).toBe(1);
  const callIds = ofType(events, 'TOOL_CALL_START').map((e) => e['toolCallId']);
  expect(new Set(callIds).size).toBe(cities.length);
  cities.forEach((city, index) => {
    const call = events.filter((e) => e['toolCallId'] === callIds[index]);
    expect(types(call)).toEqual(TOOL_CALL);
    expect(call[0]).toMatchObject({ toolCallName: 'get_weather' });
    expect(JSON.parse(call[1]!['delta'] as string)).toEqual({ city });
    expect(call[3]).toMatchObject({ role: 'tool' });
    expect(JSON.parse(call[3]!['content'] as string)).toEqual(weatherFor(city));
  });
  const text = events.filter((e) => e.type.startsWith('TEXT_MESSAGE_'));
  expect(new Set(text.map((e) => e['messageId'])).size).toBe(1);
  expect(text[0]).toMatchObject({ role: 'assistant' });
  expect(
    ofType(events, 'TEXT_MESSAGE_CONTENT')
      .map((e) => e['delta'])
      .join(''),
  ).toBe(answerFor(cities));
  const messageIds = [
    ...reasoningIds,
    ...ofType(events, 'TOOL_CALL_RESULT').map((e) => e['messageId']),
    text[0]!['messageId'],
  ];
  expect(new Set(messageIds).size).toBe(messageIds.length);
}

/** Every id a run minted: its messages and its tool calls. */
function mintedIds(events: AgUiFrame[]): Set<unknown> {
  return new Set(events.flatMap((e) => [e['messageId'], e['toolCallId']]).filter((id) => id !== undefined));
}

async function streamOf(backendUrl: string, token: string, prompt: string, runId = 'run_1'): Promise<AgentStream> {
  const answer = await postAgent(backendUrl, runInput(prompt, { threadId: 'thread_1', runId }), { token });
  expect(answer.status).toBe(200);
  return answer.stream!;
}

/** Starts a run over the socket and resolves once its RUN_FINISHED (or `until`) has arrived. */
async function wsRun(client: TestClient, prompt: string, runId: string, until = 'RUN_FINISHED'): Promise<AgUiFrame[]> {
  client.send(runInput(prompt, { threadId: 'thread_ws', runId }));
  await client.waitFor((f) => f.type === until && (f['runId'] === undefined || f['runId'] === runId));
  const start = client.frames.findIndex((f) => f.type === 'RUN_STARTED' && f['runId'] === runId);
  return client.frames.slice(start) as AgUiFrame[];
}

describe('REF_DIALECT=ag_ui over SSE (POST /agent)', () => {
  it('streams a two-tool run: the exact sequence, valid events, consistent ids, then ends', async () => {
    await withAgUiStack({}, async ({ stack, alice }) => {
      const answer = await postAgent(stack.backendUrl, runInput(TWO_CITIES, { threadId: 'thread_1', runId: 'run_1' }), {
        token: alice,
      });
      expect({
        status: answer.status,
        type: answer.headers['content-type'],
        cache: answer.headers['cache-control'],
        buffering: answer.headers['x-accel-buffering'],
      }).toEqual({ status: 200, type: 'text/event-stream', cache: 'no-cache', buffering: 'no' });
      const stream = answer.stream!;
      expect(await stream.ended()).toBe('end');
      expectGoldenRun(stream.events, { threadId: 'thread_1', runId: 'run_1' }, ['Rome', 'Tokyo']);
      expect(stream.comments).toEqual([]);
    });
  });

  it('mints new ids for every run, even under the same runId; the prompt is the last user message', async () => {
    await withAgUiStack({}, async ({ stack, alice }) => {
      const first = await streamOf(stack.backendUrl, alice, TWO_CITIES);
      const input = {
        ...runInput('', { threadId: 'thread_1', runId: 'run_1' }),
        messages: [
          { id: 'u1', role: 'user', content: 'Tokyo?' },
          { id: 'a1', role: 'assistant', content: 'Sunny.' },
          { id: 'u2', role: 'user', content: [{ type: 'text', text: 'And Oslo?' }] },
        ],
      };
      const second = (await postAgent(stack.backendUrl, input, { token: alice })).stream!;
      await Promise.all([first.ended(), second.ended()]);
      expectGoldenRun(second.events, { threadId: 'thread_1', runId: 'run_1' }, ['Oslo']);
      const overlap = [...mintedIds(first.events)].filter((id) => mintedIds(second.events).has(id));
      expect(overlap).toEqual([]);
    });
  });

  it('answers text/event-stream whatever Accept says, fetch default included', async () => {
    await withAgUiStack({}, async ({ stack, alice }) => {
      const answer = await postAgent(stack.backendUrl, runInput('Paris'), { token: alice, headers: { accept: '*/*' } });
      expect(answer.headers['content-type']).toBe('text/event-stream');
      expect(await answer.stream!.ended()).toBe('end');
    });
  });

  it('401 {error, code} without a valid token, never echoing it; the upgrade token sources and faults apply', async () => {
    const key = await ownSigningKey();
    const expired = await key.mint({ exp: Math.floor(Date.now() / 1000) - 3600 });
    await withAgUiStack({ REF_QUERY_TOKEN: '1', REF_SIGNING_KEY: key.env }, async ({ stack, alice }) => {
      const missing = await postAgent(stack.backendUrl, runInput('Paris'));
      expect(missing).toMatchObject({ status: 401, body: { code: 'missing_token', error: expect.any(String) } });
      for (const token of ['not-a-jwt', expired]) {
        const bad = await postAgent(stack.backendUrl, runInput('Paris'), { token });
        expect(bad).toMatchObject({ status: 401, body: { code: 'invalid_token', error: expect.any(String) } });
        expect(JSON.stringify(bad.body)).not.toContain(token);
      }
      const byQuery = await postAgent(stack.backendUrl, runInput('Paris'), { query: `token=${alice}` });
      expect(byQuery.status).toBe(200);
      expect(await byQuery.stream!.ended()).toBe('end');
    });
    await withAgUiStack({ REF_FAULTS: 'accept_expired', REF_SIGNING_KEY: key.env }, async ({ stack }) => {
      const answer = await postAgent(stack.backendUrl, runInput('Paris'), { token: expired });
      expect(answer.status).toBe(200);
      await answer.stream!.ended();
    });
  });

  it('400 {error, code} for a body that is not JSON or not a RunAgentInput, naming what is wrong', async () => {
    await withAgUiStack({}, async ({ stack, alice }) => {
      const notJson = await postAgent(stack.backendUrl, '{bad', { token: alice });
      expect(notJson).toMatchObject({ status: 400, body: { code: 'invalid_json' } });
      const notInput = await postAgent(stack.backendUrl, { threadId: 't', messages: 'hello' }, { token: alice });
      expect(notInput).toMatchObject({ status: 400, body: { code: 'invalid_input' } });
      expect(notInput.body!['error']).toMatch(/runId: .*; messages: /);
    });
  });

  it('is not there without the dialect', async () => {
    await withStack({}, async ({ stack, alice }) => {
      expect((await postAgent(stack.backendUrl, runInput('Paris'), { token: alice })).status).toBe(404);
    });
  });

  it('writes keepalive comments during a long wait (none under no_keepalive)', async () => {
    await withAgUiStack({ REF_KEEPALIVE_MS: '200' }, async ({ stack, alice }) => {
      const stream = await streamOf(stack.backendUrl, alice, 'long:1200 Paris');
      expect(await stream.ended(5_000)).toBe('end');
      expectGoldenRun(stream.events, { threadId: 'thread_1', runId: 'run_1' }, ['Paris']);
      const kinds = stream.items.map((item) => (item.kind === 'comment' ? item.text : item.event.type));
      const waited = kinds.slice(kinds.indexOf('REASONING_END') + 1, kinds.indexOf('TOOL_CALL_START'));
      expect(waited.length).toBeGreaterThanOrEqual(3);
      expect(new Set(waited)).toEqual(new Set([': keepalive']));
      expect(stream.comments.length).toBe(waited.length);
    });
    await withAgUiStack({ REF_KEEPALIVE_MS: '200', REF_FAULTS: 'no_keepalive' }, async ({ stack, alice }) => {
      const stream = await streamOf(stack.backendUrl, alice, 'long:600 Paris');
      expect(await stream.ended(5_000)).toBe('end');
      expect(stream.comments).toEqual([]);
    });
  });

  it('stops the run when the client goes away', async () => {
    await withAgUiStack({}, async ({ stack, alice, waitForLog }) => {
      const stream = await streamOf(stack.backendUrl, alice, 'long:5000 Paris');
      await stream.waitFor((e) => e.type === 'REASONING_END');
      stream.close();
      const end = await waitForLog((l) => l.msg === 'ag-ui run end');
      expect(end).toMatchObject({ state: 'aborted', transport: 'sse' });
    });
  });
});

describe('REF_DIALECT=ag_ui over WebSocket', () => {
  it('sends no greeting; a RunAgentInput frame gets the same run, one event per frame', async () => {
    await withAgUiStack({}, async ({ stack, alice }) => {
      const client = await connect(stack.wsUrl, { token: alice });
      const events = await wsRun(client, TWO_CITIES, 'run_ws');
      expect(client.frames[0]?.type).toBe('RUN_STARTED');
      expectGoldenRun(events, { threadId: 'thread_ws', runId: 'run_ws' }, ['Rome', 'Tokyo']);
      await client.close();
    });
  });

  it('answers a bad frame RUN_ERROR and stays usable for the next runs', async () => {
    await withAgUiStack({}, async ({ stack, alice }) => {
      const client = await connect(stack.wsUrl, { token: alice });
      client.send('{bad');
      client.send({ type: 'user_message', id: 'm', content: 'Paris' });
      await client.waitFor((f) => f.type === 'RUN_ERROR' && f['code'] === 'invalid_input');
      const errors = client.frames.filter((f) => f.type === 'RUN_ERROR');
      expect(errors.map((f) => f['code'])).toEqual(['invalid_json', 'invalid_input']);
      expect(invalid(errors as AgUiFrame[])).toEqual([]);
      expect(errors[1]!['message']).toMatch(/threadId: /);
      const first = await wsRun(client, 'Paris', 'run_a');
      const second = await wsRun(client, 'Oslo', 'run_b');
      expectGoldenRun(first, { threadId: 'thread_ws', runId: 'run_a' }, ['Paris']);
      expectGoldenRun(second, { threadId: 'thread_ws', runId: 'run_b' }, ['Oslo']);
      await client.close();
    });
  });

  it('speaks agent_chat to a socket that negotiated agent_chat', async () => {
    await withAgUiStack({}, async ({ stack, alice }) => {
      const client = await connect(stack.wsUrl, { token: alice, protocols: ['agent_chat'] });
      await client.waitFor((f) => f.type === 'connection_established');
      client.send({ type: 'user_message', id: 'm', content: 'Paris' });
      await client.waitFor((f) => f.type === 'agent_completed');
      await client.close();
    });
  });

  it('stops its runs when the socket closes', async () => {
    await withAgUiStack({}, async ({ stack, alice, waitForLog }) => {
      const client = await connect(stack.wsUrl, { token: alice });
      await wsRun(client, 'long:5000 Paris', 'run_long', 'REASONING_END');
      await client.close();
      expect(await waitForLog((l) => l.msg === 'ag-ui run end')).toMatchObject({ state: 'aborted', transport: 'ws' });
    });
  });
});

describe('REF_FAULTS under ag_ui take AG-UI event types', () => {
  it('accepts them only with the dialect, and still refuses unknown names', () => {
    expect([
      ...(parseReferenceConfig({ REF_DIALECT: 'ag_ui', REF_FAULTS: 'drop_event:TOOL_CALL_END' }).faults.drop_event ??
        []),
    ]).toEqual(['TOOL_CALL_END']);
    const problem = (env: Record<string, string>): string => {
      try {
        parseReferenceConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ReferenceConfigError);
        return (error as Error).message;
      }
      throw new Error('expected a ReferenceConfigError');
    };
    expect(problem({ REF_FAULTS: 'drop_event:TOOL_CALL_END' })).toMatch(
      /^REF_FAULTS: fault "drop_event" needs an event type \(one of: agent_started, .*agent_completed\), got "TOOL_CALL_END" \(AG-UI event types need REF_DIALECT=ag_ui\)$/,
    );
    expect(problem({ REF_DIALECT: 'ag_ui', REF_FAULTS: 'stall_after:TOOL_CALL_FINISHED' })).toMatch(
      /^REF_FAULTS: fault "stall_after" needs an event type \(one of: .*TOOL_CALL_END.*\), got "TOOL_CALL_FINISHED"$/,
    );
  });
});

describe('run-level faults under ag_ui, over SSE and over WebSocket', () => {
  /** One run over each transport, to its end (SSE) or its RUN_FINISHED (WS). */
  async function bothWays(env: Record<string, string>, check: (events: AgUiFrame[], transport: string) => void) {
    await withAgUiStack(env, async ({ stack, alice }) => {
      const stream = await streamOf(stack.backendUrl, alice, TWO_CITIES);
      expect(await stream.ended()).toBe('end');
      check(stream.events, 'sse');
      const client = await connect(stack.wsUrl, { token: alice });
      check(await wsRun(client, TWO_CITIES, 'run_ws'), 'ws');
      await client.close();
    });
  }

  it('drop_event: that event never arrives, the rest does', async () => {
    await bothWays({ REF_FAULTS: 'drop_event:TOOL_CALL_END' }, (events) => {
      const healthy = expectedTypes(['Rome', 'Tokyo']);
      expect(types(events)).toEqual(healthy.filter((t) => t !== 'TOOL_CALL_END'));
    });
  });

  it('duplicate_event: that event arrives twice', async () => {
    await bothWays({ REF_FAULTS: 'duplicate_event:TEXT_MESSAGE_START' }, (events) => {
      const starts = ofType(events, 'TEXT_MESSAGE_START');
      expect(starts).toHaveLength(2);
      expect(starts[0]).toEqual(starts[1]);
      expect(types(events).slice(-3)).toEqual(['TEXT_MESSAGE_CONTENT', 'TEXT_MESSAGE_END', 'RUN_FINISHED']);
    });
  });

  it("reorder_events: the run's first TOOL_CALL_RESULT comes before its TOOL_CALL_END, the second call is in order", async () => {
    await bothWays({ REF_FAULTS: 'reorder_events' }, (events) => {
      const [first, second] = ofType(events, 'TOOL_CALL_START').map((s) =>
        types(events.filter((e) => e['toolCallId'] === s['toolCallId'])),
      );
      expect(first).toEqual(['TOOL_CALL_START', 'TOOL_CALL_ARGS', 'TOOL_CALL_RESULT', 'TOOL_CALL_END']);
      expect(second).toEqual(TOOL_CALL);
      expect(types(events)).toHaveLength(expectedTypes(['Rome', 'Tokyo']).length);
    });
  });

  it('invalid_event: only the first TEXT_MESSAGE_CONTENT fails the schema, its delta a number', async () => {
    await bothWays({ REF_FAULTS: 'invalid_event' }, (events) => {
      const bad = invalid(events);
      expect(bad).toHaveLength(1);
      expect(bad[0]).toMatchObject({ type: 'TEXT_MESSAGE_CONTENT', delta: expect.any(Number) });
      expect(bad[0]).toBe(ofType(events, 'TEXT_MESSAGE_CONTENT')[0]);
      expect(types(events)).toEqual(expectedTypes(['Rome', 'Tokyo']));
    });
  });

  it('close_1011_after: WS closes 1011 right after that event; SSE is cut with no last chunk', async () => {
    await withAgUiStack({ REF_FAULTS: 'close_1011_after:TOOL_CALL_ARGS' }, async ({ stack, alice }) => {
      const stream = await streamOf(stack.backendUrl, alice, TWO_CITIES);
      const outcome = await stream.ended();
      expect(outcome).toBeInstanceOf(Error);
      expect(types(stream.events).at(-1)).toBe('TOOL_CALL_ARGS');
      expect(ofType(stream.events, 'RUN_FINISHED')).toEqual([]);

      const client = await connect(stack.wsUrl, { token: alice });
      client.send(runInput(TWO_CITIES, { runId: 'run_ws' }));
      expect(await client.waitForClose()).toEqual({ code: 1011, reason: 'internal error' });
      expect(client.frames.at(-1)?.type).toBe('TOOL_CALL_ARGS');
      expect(types(client.frames as AgUiFrame[])).toEqual(types(stream.events));
    });
  });

  it('stall_after: nothing more of the run; the stream (its keepalive going on) and the socket stay open', async () => {
    const env = { REF_FAULTS: 'stall_after:TOOL_CALL_START', REF_KEEPALIVE_MS: '100' };
    await withAgUiStack(env, async ({ stack, alice, waitForLog }) => {
      const stream = await streamOf(stack.backendUrl, alice, TWO_CITIES);
      await stream.waitFor((e) => e.type === 'TOOL_CALL_START');
      expect(await waitForLog((l) => l.msg === 'ag-ui run end')).toMatchObject({ state: 'stalled', transport: 'sse' });
      // A comment written after the stall: the server still holds the stream open.
      const stalledAt = stream.items.findIndex((i) => i.kind === 'event' && i.event.type === 'TOOL_CALL_START');
      await stream.waitForItem((item, index) => index > stalledAt && item.kind === 'comment');
      expect(types(stream.events)).toEqual(['RUN_STARTED', ...REASONING, 'TOOL_CALL_START']);
      expect(stream.isEnded()).toBe(false);
      stream.close();

      const client = await connect(stack.wsUrl, { token: alice });
      await wsRun(client, TWO_CITIES, 'run_ws', 'TOOL_CALL_START');
      client.send('{bad');
      await client.waitFor((f) => f.type === 'RUN_ERROR');
      expect(types(client.frames as AgUiFrame[])).toEqual([
        'RUN_STARTED',
        ...REASONING,
        'TOOL_CALL_START',
        'RUN_ERROR',
      ]);
      await client.close();
    });
  });

  it('crash_on_malformed: invalid JSON closes the socket 1011 instead of RUN_ERROR', async () => {
    await withAgUiStack({ REF_FAULTS: 'crash_on_malformed' }, async ({ stack, alice }) => {
      const client = await connect(stack.wsUrl, { token: alice });
      client.send('{bad');
      expect((await client.waitForClose()).code).toBe(1011);
      expect(client.frames).toEqual([]);
    });
  });
});
