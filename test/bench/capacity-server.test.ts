import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { checkGoldenPath } from '../../framework/assertions/golden-path-rules.ts';
import { ChatClient } from '../../framework/client/chat-client.ts';
import { agentChatContract as contract } from '../../framework/contract/agent-chat.ts';
import { startCapacityServer, type BenchServer } from '../../bench/bench-server.ts';
import { mintTokens, PROMPT } from '../../bench/measure.ts';

// The bench's capacity figures mean something only if the capacity server speaks the contract the
// harness judges: a run on it must pass the golden-path rules, as a run on the reference does.
describe('the capacity server', () => {
  let server: BenchServer;
  beforeAll(async () => {
    server = await startCapacityServer();
  }, 30_000);
  afterAll(() => server?.stop());

  it('serves golden paths the harness judges complete, one run after another on one connection', async () => {
    const [token] = await mintTokens(server.key, 0, 1);
    const client = await ChatClient.connect({
      url: server.wsUrl,
      contract,
      token: token!,
      auth: 'header',
      label: 'cap',
    });
    try {
      for (let i = 0; i < 2; i += 1) {
        const run = await client.runToCompletion(PROMPT, { settleMs: 50 });
        expect(run.outcome, run.detail).toBe('completed');
        expect(checkGoldenPath(run, contract)).toEqual([]);
        expect(run.events.map((e) => e.type)).toEqual(contract.criticalEvents);
      }
    } finally {
      await client.close();
    }
  });

  it('refuses an upgrade without a bearer token with 401, and reports its CPU time', async () => {
    const status = await new Promise<number | undefined>((resolve) => {
      const ws = new WebSocket(server.wsUrl, ['agent_chat']);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode));
      ws.on('open', () => (ws.close(), resolve(101)));
      ws.on('error', () => resolve(undefined));
    });
    expect(status).toBe(401);
    const cpu = await server.cpuMs!();
    expect(cpu).toBeGreaterThan(0);
    expect(await server.cpuMs!()).toBeGreaterThanOrEqual(cpu);
  });
});
