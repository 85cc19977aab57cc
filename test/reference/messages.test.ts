import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceStack, type ReferenceStack } from '../../reference/index.ts';
import { login } from './support/reference-http.ts';
import { connect } from './support/ws-test-client.ts';

describe('bad client input keeps the connection', () => {
  let stack: ReferenceStack;
  let token: string;

  beforeAll(async () => {
    stack = await startReferenceStack({ env: { REF_STEP_MS: '1', REF_MAX_PAYLOAD_BYTES: '1024' }, log: false });
    token = await login(stack.authUrl);
  });
  afterAll(() => stack.close());

  it('answers error frames with stable codes, then still runs the agent', async () => {
    const client = await connect(stack.wsUrl, { token });
    const inputs: Array<[unknown, string]> = [
      ['{oops', 'invalid_json'],
      ['', 'invalid_json'],
      [Buffer.from([1, 2, 3]), 'invalid_message'],
      ['[1,2]', 'invalid_message'],
      [{ content: 'no type' }, 'invalid_message'],
      [{ type: 'dance' }, 'unknown_type'],
      [{ type: 'user_message', id: 'x' }, 'invalid_message'],
      [{ type: 'user_message', id: 'x', content: '' }, 'invalid_message'],
      [{ type: 'resume', run_id: 'run_x', after_seq: -1 }, 'invalid_message'],
      [{ type: 'resume', run_id: 'run_nope', after_seq: 0 }, 'unknown_run'],
    ];
    for (const [input, code] of inputs) {
      const before = client.frames.length;
      client.ws.send(Buffer.isBuffer(input) || typeof input === 'string' ? input : JSON.stringify(input));
      const error = await client.waitFor((f) => client.frames.indexOf(f) >= before && f.type === 'error');
      expect({ input: String(input), code: error['code'] }).toEqual({ input: String(input), code });
      expect(typeof error['message']).toBe('string');
    }
    client.send({ type: 'user_message', id: 'after', content: 'Oslo' });
    await client.waitFor((f) => f.type === 'agent_completed');
    await client.close();
  });

  it('closes 1009 on a frame over the size limit', async () => {
    const client = await connect(stack.wsUrl, { token });
    client.send({ type: 'user_message', id: 'big', content: 'x'.repeat(2048) });
    expect((await client.waitForClose()).code).toBe(1009);
  });
});
