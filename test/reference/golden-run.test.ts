import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceStack, type ReferenceStack } from '../../reference/index.ts';
import { getJson, login } from './support/reference-http.ts';
import { connect, type Frame } from './support/ws-test-client.ts';

const CRITICAL = ['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed'];

describe('golden path on the reference backend', () => {
  let stack: ReferenceStack;
  let token: string;

  beforeAll(async () => {
    stack = await startReferenceStack({ env: { REF_STEP_MS: '1' }, log: false });
    token = await login(stack.authUrl);
  });
  afterAll(() => stack.close());

  it('greets, then streams the five critical events in order with seq 1..n', async () => {
    const client = await connect(stack.wsUrl, { token, protocols: ['agent_chat'] });
    expect(client.protocol).toBe('agent_chat');
    const hello = await client.waitFor((f) => f.type === 'connection_established');
    expect(hello).toMatchObject({ user_id: 'user_alice' });
    expect(typeof hello['connection_id']).toBe('string');

    client.send({ type: 'user_message', id: 'm1', content: 'Weather in Rome?' });
    await client.waitFor((f) => f.type === 'agent_completed');
    const events = client.frames.filter((f) => f['run_id'] !== undefined);
    expect(events.map((f) => f.type)).toEqual(CRITICAL);
    expect(events.map((f) => f['seq'])).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(events.map((f) => f['run_id'])).size).toBe(1);
    expect(events.every((f) => f['message_id'] === 'm1' && typeof f['thread_id'] === 'string')).toBe(true);
    const [executing, completed] = [events[2] as Frame, events[3] as Frame];
    expect(executing).toMatchObject({ tool: 'get_weather', args: { city: 'Rome' } });
    expect(completed['call_id']).toBe(executing['call_id']);
    expect(events[4]?.['answer']).toMatch(/^Rome: -?\d+°C, \w+\.$/);
    await client.close();
  });

  it('calls the tool once per city mentioned, keeps the given thread, and runs messages concurrently', async () => {
    const client = await connect(stack.wsUrl, { token });
    expect(client.protocol).toBe('');
    client.send({ type: 'user_message', id: 'a', thread_id: 'thread_x', content: 'Tokyo, then Oslo and Prague' });
    client.send({ type: 'user_message', id: 'b', content: 'anything' });
    const doneA = await client.waitFor((f) => f.type === 'agent_completed' && f['message_id'] === 'a');
    await client.waitFor((f) => f.type === 'agent_completed' && f['message_id'] === 'b');
    const runA = client.frames.filter((f) => f['run_id'] === doneA['run_id']);
    expect(runA.every((f) => f['thread_id'] === 'thread_x')).toBe(true);
    expect(runA.filter((f) => f.type === 'tool_executing').map((f) => (f['args'] as { city: string }).city)).toEqual([
      'Tokyo',
      'Oslo',
      'Prague',
    ]);
    expect(runA.map((f) => f['seq'])).toEqual(runA.map((_, i) => i + 1));
    const runB = client.frames.filter((f) => f['message_id'] === 'b');
    expect(runB.filter((f) => f.type === 'tool_executing').map((f) => (f['args'] as { city: string }).city)).toEqual([
      'Paris',
    ]);
    await client.close();
  });

  it('authenticates with the jwt.* subprotocol entry without echoing it', async () => {
    const encoded = Buffer.from(token).toString('base64url');
    const client = await connect(stack.wsUrl, { protocols: ['agent_chat', `jwt.${encoded}`] });
    expect(client.protocol).toBe('agent_chat');
    await client.waitFor((f) => f.type === 'connection_established' && f['user_id'] === 'user_alice');
    await client.close();
  });

  it('reports health and websocket health', async () => {
    expect(await getJson(`${stack.backendUrl}/health`)).toEqual({
      status: 200,
      body: { status: 'ok', service: 'backend', version: '0.1.0', commit: 'dev' },
    });
    const ws = await getJson(`${stack.backendUrl}/health/websocket`);
    expect(ws.body).toMatchObject({
      status: 'healthy',
      subprotocols: ['agent_chat'],
      auth_modes: ['header', 'subprotocol'],
      max_payload_bytes: 65536,
      test_mode: false,
    });
  });
});
