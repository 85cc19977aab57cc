import { describe, expect, it } from 'vitest';
import { login } from './support/reference-http.ts';
import { withStack } from './support/with-stack.ts';
import { connect, type Frame, type TestClient } from './support/ws-test-client.ts';

const runEvents = (client: TestClient): Frame[] => client.frames.filter((f) => f['run_id'] !== undefined);
const shape = (events: Frame[]): string[] => events.map((f) => `${f['seq']}:${f.type}`);

describe('run-level faults', () => {
  it('drop_event: the event never arrives and its seq is lost', async () => {
    await withStack({ REF_FAULTS: 'drop_event:tool_completed' }, async ({ stack, alice }) => {
      const client = await connect(stack.wsUrl, { token: alice });
      client.send({ type: 'user_message', id: 'm', content: 'Paris' });
      await client.waitFor((f) => f.type === 'agent_completed');
      expect(shape(runEvents(client))).toEqual([
        '1:agent_started',
        '2:agent_thinking',
        '3:tool_executing',
        '5:agent_completed',
      ]);
      await client.close();
    });
  });

  it('close_1011_after: the connection closes 1011 right after that event', async () => {
    await withStack({ REF_FAULTS: 'close_1011_after:tool_executing' }, async ({ stack, alice }) => {
      const client = await connect(stack.wsUrl, { token: alice });
      client.send({ type: 'user_message', id: 'm', content: 'Paris' });
      expect(await client.waitForClose()).toEqual({ code: 1011, reason: 'internal error' });
      expect(runEvents(client).at(-1)?.type).toBe('tool_executing');
    });
  });

  it('reorder_events and duplicate_event', async () => {
    await withStack({ REF_FAULTS: 'reorder_events,duplicate_event:agent_started' }, async ({ stack, alice }) => {
      const client = await connect(stack.wsUrl, { token: alice });
      client.send({ type: 'user_message', id: 'm', content: 'Paris' });
      await client.waitFor((f) => f.type === 'agent_completed');
      expect(shape(runEvents(client))).toEqual([
        '1:agent_started',
        '1:agent_started',
        '2:agent_thinking',
        '4:tool_completed',
        '3:tool_executing',
        '5:agent_completed',
      ]);
      await client.close();
    });
  });

  it('stall_after: nothing more for the run, the socket stays usable', async () => {
    await withStack({ REF_FAULTS: 'stall_after:agent_thinking' }, async ({ stack, alice }) => {
      const client = await connect(stack.wsUrl, { token: alice });
      client.send({ type: 'user_message', id: 'm', content: 'Paris' });
      await client.waitFor((f) => f.type === 'agent_thinking');
      client.send('{bad');
      await client.waitFor((f) => f.type === 'error');
      expect(shape(runEvents(client))).toEqual(['1:agent_started', '2:agent_thinking']);
      await client.close();
    });
  });

  it('close_1011_rate:1 closes every run mid-stream', async () => {
    await withStack({ REF_FAULTS: 'close_1011_rate:1' }, async ({ stack, alice }) => {
      const client = await connect(stack.wsUrl, { token: alice });
      client.send({ type: 'user_message', id: 'm', content: 'Paris' });
      expect((await client.waitForClose()).code).toBe(1011);
      expect(runEvents(client).some((f) => f.type === 'agent_completed')).toBe(false);
    });
  });

  it('crash_on_malformed: invalid JSON closes 1011', async () => {
    await withStack({ REF_FAULTS: 'crash_on_malformed' }, async ({ stack, alice }) => {
      const client = await connect(stack.wsUrl, { token: alice });
      client.send('{bad');
      expect((await client.waitForClose()).code).toBe(1011);
    });
  });

  it("broadcast_events: another user's connection receives the run", async () => {
    await withStack({ REF_FAULTS: 'broadcast_events' }, async ({ stack, alice }) => {
      const bobToken = await login(stack.authUrl, 'bob@example.com', 'bob-password');
      const [a, b] = await Promise.all([
        connect(stack.wsUrl, { token: alice }),
        connect(stack.wsUrl, { token: bobToken }),
      ]);
      a.send({ type: 'user_message', id: 'alice-only', content: 'Paris' });
      await b.waitFor((f) => f.type === 'agent_completed' && f['message_id'] === 'alice-only');
      await Promise.all([a.close(), b.close()]);
    });
  });

  it('resume_loses_event and resume_duplicates_event', async () => {
    for (const [fault, expected] of [
      ['resume_loses_event', [3, 4, 5]],
      ['resume_duplicates_event', [1, 2, 3, 4, 5]],
    ] as const) {
      await withStack({ REF_FAULTS: fault }, async ({ stack, alice }) => {
        const client = await connect(stack.wsUrl, { token: alice });
        client.send({ type: 'user_message', id: 'm', content: 'Paris' });
        const done = await client.waitFor((f) => f.type === 'agent_completed');
        const again = await connect(stack.wsUrl, { token: alice });
        again.send({ type: 'resume', run_id: done['run_id'], after_seq: 1 });
        await again.waitFor((f) => f.type === 'agent_completed');
        expect(runEvents(again).map((f) => f['seq'])).toEqual(expected);
        await Promise.all([client.close(), again.close()]);
      });
    }
  });

  // A client that reconnects before the run's next event has missed nothing: the faults must act all the same.
  it('resume_loses_event and resume_duplicates_event when nothing was missed yet', async () => {
    for (const [fault, expected] of [
      ['resume_loses_event', [4, 5]],
      ['resume_duplicates_event', [2, 3, 4, 5]],
    ] as const) {
      await withStack({ REF_FAULTS: fault }, async ({ stack, alice }) => {
        const client = await connect(stack.wsUrl, { token: alice });
        client.send({ type: 'user_message', id: 'm', content: 'long:1500 Paris' });
        const thinking = await client.waitFor((f) => f.type === 'agent_thinking');
        const again = await connect(stack.wsUrl, { token: alice });
        again.send({ type: 'resume', run_id: thinking['run_id'], after_seq: thinking['seq'] });
        await again.waitFor((f) => f.type === 'agent_completed', 5000);
        expect(runEvents(again).map((f) => f['seq'])).toEqual(expected);
        await Promise.all([client.close(), again.close()]);
      });
    }
  });
});
