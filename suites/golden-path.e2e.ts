import { decodeJwt } from 'jose';
import { describe, expect, latencyTable, test } from '../framework/index.ts';

describe('golden path: log in, connect, send a message, watch the agent answer', () => {
  test('header auth: login → connection_established → the five critical events → the answer', async ({
    auth,
    connect,
    contract,
    config,
  }) => {
    const token = await auth.userToken(0);
    const client = await connect({ token, auth: 'header' });

    expect(client.ready, 'connection_established').toBeDefined();
    expect(client.ready?.userId).toBe(decodeJwt(token).sub);

    const run = await client.runToCompletion(contract.prompts.simple);
    console.log(latencyTable(run, contract));
    expect(run).toCompleteGoldenPath();
    expect(run.answer, 'the answer in agent_completed').toBeTruthy();
    expect(run).toBeWithinLatency(config.latencyBudgetMs);
  });

  test('subprotocol auth: the token travels in the jwt.* entry and only agent_chat is echoed', async ({
    auth,
    connect,
    contract,
  }) => {
    const client = await connect({ token: await auth.userToken(0), auth: 'subprotocol' });

    expect(client.protocol).toBe(contract.subprotocol ?? '');
    const run = await client.runToCompletion(contract.prompts.simple);
    console.log(latencyTable(run, contract));
    expect(run).toCompleteGoldenPath();
  });

  test('two messages on one connection each complete as their own run', async ({ connect, contract }) => {
    const client = await connect();

    const first = await client.runToCompletion(contract.prompts.simple);
    const second = await client.runToCompletion(contract.prompts.twoTools);
    expect(first).toCompleteGoldenPath();
    expect(second).toCompleteGoldenPath();
    expect(second.runId).not.toBe(first.runId);
  });

  test('a message that needs two tools gets two paired tool calls', async ({ connect, contract }) => {
    const client = await connect();

    const run = await client.runToCompletion(contract.prompts.twoTools);
    console.log(latencyTable(run, contract));
    expect(run).toCompleteGoldenPath();
    const calls = run.events.filter((e) => e.type === contract.toolStartEvent).map((e) => e.callId);
    // A backend's agent may need other words to call two tools: the failure names the setting.
    const hint =
      `tool calls answering prompts.twoTools (${JSON.stringify(contract.prompts.twoTools)}); if your agent needs ` +
      'another prompt to call two tools, set prompts.twoTools in your contract module (E2E_CONTRACT)';
    expect(calls, hint).toHaveLength(2);
    expect(new Set(calls).size, 'distinct call ids').toBe(2);
  });
});
