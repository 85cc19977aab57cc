import { decodeJwt } from 'jose';
import { describe, expect, latencyTable, test } from '../framework/index.ts';

describe('golden path: log in, connect, send a message, watch the agent answer', () => {
  test('header auth: login → connect → the critical events in order → the answer', async ({
    auth,
    chat,
    contract,
    config,
  }) => {
    const token = await auth.userToken(0);
    const client = await chat({ token, auth: 'header' });

    // A protocol with a ready event (agent_chat's connection_established) states whose connection it is.
    if (contract.readyEvent !== undefined) {
      expect(client.ready, contract.readyEvent).toBeDefined();
      expect(client.ready?.userId).toBe(decodeJwt(token).sub);
    }

    const run = await client.runToCompletion(contract.prompts.simple);
    console.log(latencyTable(run, contract));
    expect(run).toCompleteGoldenPath();
    expect(run.answer, `the answer, by ${contract.completionEvent}`).toBeTruthy();
    expect(run).toBeWithinLatency(config.latencyBudgetMs);
  });

  test('subprotocol auth: the token travels in the jwt.* entry and only agent_chat is echoed', async ({
    auth,
    connect,
    contract,
    skip,
  }) => {
    // Offered alone, a token entry must be echoed for the handshake to succeed: nothing is left to check.
    if (contract.subprotocol === undefined)
      skip('not applicable: the contract has no subprotocol to put the token entry beside');
    const client = await connect({ token: await auth.userToken(0), auth: 'subprotocol' });

    expect(client.protocol).toBe(contract.subprotocol ?? '');
    const run = await client.runToCompletion(contract.prompts.simple);
    console.log(latencyTable(run, contract));
    expect(run).toCompleteGoldenPath();
  });

  test('two messages on one connection each complete as their own run', async ({ chat, contract }) => {
    const client = await chat();

    const first = await client.runToCompletion(contract.prompts.simple);
    const second = await client.runToCompletion(contract.prompts.twoTools);
    expect(first).toCompleteGoldenPath();
    expect(second).toCompleteGoldenPath();
    expect(second.runId).not.toBe(first.runId);
  });

  test('a message that needs two tools gets two paired tool calls', async ({ chat, contract }) => {
    const client = await chat();

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
