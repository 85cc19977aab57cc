import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatClient } from '../../framework/client/chat-client.ts';
import { DEFAULT_MAX_PAYLOAD_BYTES, MAX_MESSAGES_PER_CONNECTION } from '../../framework/client/connection-limits.ts';
import { TIMELINE_KEEP } from '../../framework/client/timeline.ts';
import { VARIABLES } from '../../framework/config/variables.ts';
import { agentChatContract as contract } from '../../framework/contract/agent-chat.ts';
import { startHostileServer, type HostileServer } from './support/hostile-server.ts';

const servers: HostileServer[] = [];
const clients: ChatClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.terminate();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function hostile(...args: Parameters<typeof startHostileServer>): Promise<HostileServer> {
  const server = await startHostileServer(...args);
  servers.push(server);
  return server;
}

async function connect(
  server: HostileServer,
  extra: Partial<Parameters<typeof ChatClient.connect>[0]> = {},
): Promise<ChatClient> {
  const client = await ChatClient.connect({
    url: server.wsUrl,
    contract,
    token: 'any',
    label: 'alice#1',
    eventTimeoutMs: 3000,
    ...extra,
  });
  clients.push(client);
  return client;
}

describe('a target that sends a 100 MiB frame', () => {
  it('is cut at the header with 1009, the size and the variable named, without the process growing by the frame', async () => {
    const server = await hostile('huge_frame');
    const before = process.memoryUsage().rss;
    const client = await connect(server);
    const closed = await client.waitForClose(5000);
    const grewBy = process.memoryUsage().rss - before;

    expect(closed).toMatchObject({ code: 1009, by: 'client' });
    expect(client.fault?.message).toMatch(
      /^the server sent a message of 104857600 bytes, over E2E_MAX_PAYLOAD_BYTES=16777216: the harness closed the connection with 1009/,
    );
    expect(client.timeline.render()).toMatch(
      /close 1009 "a message of 104857600 bytes over E2E_MAX_PAYLOAD_BYTES=16777216"/,
    );
    expect(grewBy, `RSS grew by ${Math.round(grewBy / 1e6)} MB`).toBeLessThan(50 * 1024 * 1024);
  });

  it('fails a wait in progress at once with that finding, not after its timeout', async () => {
    const server = await hostile('huge_frame');
    const client = await connect(server, { waitForReady: false });
    const started = performance.now();

    await expect(client.waitFor('agent_completed', { timeoutMs: 10_000 })).rejects.toMatchObject({
      code: 'E2E_UNEXPECTED_CLOSE',
      message: expect.stringMatching(
        /^alice#1: the server sent a message of 104857600 bytes, over E2E_MAX_PAYLOAD_BYTES=16777216: .* while waiting for "agent_completed"/,
      ),
    });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('takes the limit it is given: a 4 KiB message passes a 8 KiB limit and fails a 2 KiB one', async () => {
    const server = await hostile('huge_frame', { hugeFrameBytes: 4096 });
    const roomy = await connect(server, { maxPayloadBytes: 8192 });
    await roomy.waitFor('agent_thinking', { timeoutMs: 2000 });
    expect(roomy.fault).toBeUndefined();

    const tight = await connect(server, { maxPayloadBytes: 2048 });
    expect(await tight.waitForClose(2000)).toMatchObject({
      code: 1009,
      reason: 'a message of 4096 bytes over E2E_MAX_PAYLOAD_BYTES=2048',
    });
  });

  it('defaults to the limit E2E_MAX_PAYLOAD_BYTES documents', () => {
    expect(VARIABLES.find((v) => v.name === 'E2E_MAX_PAYLOAD_BYTES')?.default).toBe(String(DEFAULT_MAX_PAYLOAD_BYTES));
  });
});

describe('a target that floods 10,000 frames a second', () => {
  it('is closed with 1008 once a connection holds MAX_MESSAGES_PER_CONNECTION, and the run says so', async () => {
    const server = await hostile('flood');
    const client = await connect(server, { runTimeoutMs: 15_000 });
    const run = await client.runToCompletion('hello');

    expect(run.outcome).toBe('closed');
    expect(run.detail).toBe(
      `connection closed with 1008 "more than ${MAX_MESSAGES_PER_CONNECTION} messages on one connection" after agent_thinking`,
    );
    expect(client.events.length).toBeLessThanOrEqual(MAX_MESSAGES_PER_CONNECTION);
    expect(client.fault?.code).toBe('MESSAGE_CAP');
  });

  it('keeps a bounded timeline: the first and last entries, and how many were elided between them', async () => {
    const server = await hostile('flood');
    const client = await connect(server, { runTimeoutMs: 15_000 });
    const run = await client.runToCompletion('hello');

    expect(client.timeline.entries.length).toBeLessThanOrEqual(3 * TIMELINE_KEEP + 1);
    expect(client.timeline.size).toBeGreaterThan(MAX_MESSAGES_PER_CONNECTION);
    const rendered = run.timeline;
    expect(rendered).toMatch(/→ user_message/);
    expect(rendered).toMatch(/close 1008 "more than 20000 messages on one connection"/);
    expect(rendered.length).toBeLessThan(80 * 400);
  });
});

describe('a target that answers 101 and then writes bytes that are not frames', () => {
  it('fails the connection at once with the protocol error ws names, not a timeout on the ready event', async () => {
    const server = await hostile('garbage_after_101');
    const started = performance.now();
    const attempt = ChatClient.connect({
      url: server.wsUrl,
      contract,
      token: 'any',
      label: 'alice#1',
      eventTimeoutMs: 3000,
    });

    const error = await attempt.then(
      () => undefined,
      (e: Error & { code?: string; client?: ChatClient }) => e,
    );
    if (error?.client) clients.push(error.client);
    expect(error).toMatchObject({ code: 'E2E_UNEXPECTED_CLOSE' });
    expect(error?.message).toMatch(
      /^alice#1: the server sent bytes that are not a valid WebSocket frame \(Invalid WebSocket frame: RSV1 must be clear, WS_ERR_UNEXPECTED_RSV_1\): the harness closed the connection with 1002 while waiting for "connection_established"/,
    );
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
