import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatClient } from '../../framework/client/chat-client.ts';
import { ReconnectingClient } from '../../framework/client/reconnecting-client.ts';
import { agentChatContract as contract } from '../../framework/contract/agent-chat.ts';
import { startResume1011Server, type Resume1011Server } from './support/resume-1011-server.ts';

// A backend whose resume handler crashes: every reconnect opens fine, sends resume, and is
// closed 1011 at once. A client that restarts its backoff on each successful connect redials
// it at full speed (it once opened 120 connections in 60 s); this one must keep backing off,
// stop at its cap, and say why every connection ended.

let server: Resume1011Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function dropMidRun(rc: ReconnectingClient): Promise<string> {
  const id = rc.sendUserMessage('Think long about the weather in Paris.');
  await rc.current.waitFor((e) => e.messageId === id && e.type === 'agent_thinking');
  rc.drop();
  return id;
}

describe('ReconnectingClient against a backend that closes every resume with 1011', () => {
  it('keeps backing off, stops at its attempt cap, and names how the connections ended', async () => {
    server = await startResume1011Server();
    const url = server.url;
    const started = performance.now();
    let dials = 0;
    const rc = await ReconnectingClient.open({
      dial: () => ChatClient.connect({ url, contract, label: `c#${++dials}`, handshakeTimeoutMs: 1000 }),
      contract,
      backoff: { initialMs: 10, maxMs: 80, maxAttempts: 5 },
      withinMs: 10_000,
    });
    const id = await dropMidRun(rc);

    const run = await rc.waitForRun(id, { eventTimeoutMs: 2000, runTimeoutMs: 8000 });
    const error = await rc.connected(1000).catch((e: Error & { code?: string }) => e);
    const tookMs = performance.now() - started;

    // The first connection and one per attempt: no more.
    expect(server.connections).toBe(6);
    expect(server.resumes).toBe(5);
    expect(rc.connections).toHaveLength(6);
    // The backoff did not start over at each connect: the delays kept growing to the truncation.
    expect(rc.reconnects.slice(1, -1).map((r) => r.attempts[0]?.delayMs)).toEqual([20, 40, 80, 80]);
    expect(tookMs).toBeLessThan(5000);

    expect(error).toMatchObject({ code: 'E2E_RECONNECT_FAILED' });
    const [headline] = (error as Error).message.split('\n');
    expect(headline).toMatch(
      /^reconnecting: gave up after 5 attempt\(s\) in \d+ ms \(the cap of 5\): 5 connection\(s\) closed before holding 5000 ms \(1011 "internal error" in answer to resume ×5; open \d+ ms at most\)$/,
    );
    expect(run.outcome).toBe('closed');
    expect(run.detail).toBe(`connection lost and not regained: ${headline}`);
    // Every figure a reader sees is a whole number of ms.
    expect(`${run.detail}\n${rc.describe()}`).not.toMatch(/\d\.\d/);
    await rc.close();
  });

  it('gives up within withinMs when the cap is not reached first', async () => {
    server = await startResume1011Server();
    const url = server.url;
    const rc = await ReconnectingClient.open({
      dial: () => ChatClient.connect({ url, contract, handshakeTimeoutMs: 1000 }),
      contract,
      backoff: { initialMs: 50, maxMs: 200, maxAttempts: 1000 },
      withinMs: 700,
    });
    const started = performance.now();
    const id = await dropMidRun(rc);
    const run = await rc.waitForRun(id, { eventTimeoutMs: 2000, runTimeoutMs: 8000 });
    const tookMs = performance.now() - started;

    // Delays 0..50, 100, 200, 200: the next 200 would pass 700 ms from the drop.
    expect(server.connections).toBeLessThanOrEqual(5);
    expect(tookMs).toBeLessThan(700 + 500);
    expect(run.detail).toMatch(
      /gave up after [34] attempt\(s\) in \d+ ms \(the next, 200 ms later, would pass the 700 ms limit\): [34] connection\(s\) closed before holding 5000 ms \(1011 "internal error" in answer to resume ×[34]; open \d+ ms at most\)$/,
    );
    await rc.close();
  });
});
