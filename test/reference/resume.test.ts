import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceStack, type ReferenceStack } from '../../reference/index.ts';
import { login } from './support/reference-http.ts';
import { connect } from './support/ws-test-client.ts';

describe('reconnect and resume', () => {
  let stack: ReferenceStack;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    stack = await startReferenceStack({ env: { REF_STEP_MS: '20' }, log: false });
    alice = await login(stack.authUrl);
    bob = await login(stack.authUrl, 'bob@example.com', 'bob-password');
  });
  afterAll(() => stack.close());

  it('replays what was missed after a drop, then continues live, each seq once', async () => {
    const first = await connect(stack.wsUrl, { token: alice });
    first.send({ type: 'user_message', id: 'm', content: 'Paris and Rome' });
    const thinking = await first.waitFor((f) => f.type === 'agent_thinking');
    first.ws.terminate(); // drop mid-run, no close handshake
    await first.waitForClose();
    const seen = first.frames.filter((f) => f['run_id'] === thinking['run_id']);
    const lastSeq = Math.max(...seen.map((f) => f['seq'] as number));

    const second = await connect(stack.wsUrl, { token: alice });
    second.send({ type: 'resume', run_id: thinking['run_id'], after_seq: lastSeq });
    await second.waitFor((f) => f.type === 'agent_completed');
    const resumed = second.frames.filter((f) => f['run_id'] === thinking['run_id']);
    const seqs = [...seen, ...resumed].map((f) => f['seq']);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(resumed[0]?.['seq']).toBe(lastSeq + 1);
    await second.close();
  });

  it("refuses another user's run and sends none of its events", async () => {
    const owner = await connect(stack.wsUrl, { token: alice });
    owner.send({ type: 'user_message', id: 'secret', content: 'Vienna' });
    const done = await owner.waitFor((f) => f.type === 'agent_completed');
    const intruder = await connect(stack.wsUrl, { token: bob });
    intruder.send({ type: 'resume', run_id: done['run_id'], after_seq: 0 });
    const error = await intruder.waitFor((f) => f.type === 'error');
    expect(error['code']).toBe('forbidden');
    expect(intruder.frames.some((f) => f['run_id'] === done['run_id'])).toBe(false);
    await Promise.all([owner.close(), intruder.close()]);
  });

  it("never delivers one user's live events to another user's connection", async () => {
    const [a, b] = await Promise.all([connect(stack.wsUrl, { token: alice }), connect(stack.wsUrl, { token: bob })]);
    a.send({ type: 'user_message', id: 'a1', content: 'Berlin' });
    b.send({ type: 'user_message', id: 'b1', content: 'Madrid' });
    await Promise.all([a.waitFor((f) => f.type === 'agent_completed'), b.waitFor((f) => f.type === 'agent_completed')]);
    expect(a.frames.filter((f) => f['message_id'] !== undefined).every((f) => f['message_id'] === 'a1')).toBe(true);
    expect(b.frames.filter((f) => f['message_id'] !== undefined).every((f) => f['message_id'] === 'b1')).toBe(true);
    await Promise.all([a.close(), b.close()]);
  });
});
