import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SseChatClient } from '../../framework/client/sse-client.ts';
import { SseParser } from '../../framework/client/sse-parser.ts';
import { agentChatContract as contract } from '../../framework/contract/agent-chat.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => (s.closeAllConnections(), s.close(r)))));
});

type Handler = (req: IncomingMessage, res: ServerResponse, body: { id: string }) => void;

/** A real HTTP peer on a free loopback port; `handler` answers each POST. */
async function peer(handler: Handler): Promise<{ url: string; requests: IncomingMessage[] }> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => handler(req, res, JSON.parse(text) as { id: string }));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/agent`, requests };
}

const sse = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'text/event-stream' });
const data = (frame: object) => `data: ${JSON.stringify(frame)}\n\n`;
const goldenPath = (messageId: string) =>
  [
    { type: 'agent_started' },
    { type: 'agent_thinking' },
    { type: 'tool_executing', call_id: 'c1' },
    { type: 'tool_completed', call_id: 'c1' },
    { type: 'agent_completed', answer: 'Sunny.' },
  ].map((e, i) => ({ ...e, run_id: 'run_1', message_id: messageId, seq: i + 1 }));

const client = (url: string, extra: Partial<ConstructorParameters<typeof SseChatClient>[0]> = {}) =>
  new SseChatClient({ url, contract, label: 'alice#1', eventTimeoutMs: 2000, runTimeoutMs: 5000, ...extra });

describe('SseParser', () => {
  it('splits events on blank lines whatever the line ends and chunk borders, joins data lines, keeps comments', () => {
    const parser = new SseParser();
    const text = ': keepalive\r\ndata: {"a":1}\r\n\r\nevent: x\ndata: line1\ndata: line2\n\ndata:{"b":2}\r\r: end\n';
    const records = [...text].flatMap((ch) => parser.feed(ch));
    expect(records).toEqual([
      { kind: 'comment', text: 'keepalive' },
      { kind: 'event', event: undefined, data: '{"a":1}' },
      { kind: 'event', event: 'x', data: 'line1\nline2' },
      { kind: 'event', event: undefined, data: '{"b":2}' },
      { kind: 'comment', text: 'end' },
    ]);
    expect(parser.feed('data: {"cut":')).toEqual([]);
    expect(parser.pending).toBe('data: {"cut":');
  });
});

describe('SseChatClient', () => {
  it('POSTs the contract message with the token as a Bearer header and collects the run from the stream', async () => {
    const { url, requests } = await peer((_req, res, body) => {
      sse(res);
      res.write(': keepalive\n\n');
      for (const e of goldenPath(body.id)) res.write(data(e));
      res.end();
    });
    const c = client(url, { token: 'tok.en.value' });
    const run = await c.runToCompletion('Paris?', { settleMs: 0 });
    await c.close();

    expect(run.outcome).toBe('completed');
    expect(run.events.map((e) => e.type)).toEqual(goldenPath('').map((e) => e.type));
    expect(run.answer).toBe('Sunny.');
    expect(requests[0]!.headers.authorization).toBe('Bearer tok.en.value');
    expect(requests[0]!.headers.accept).toBe('text/event-stream');
    expect(c.streamEnds).toEqual([]);
    expect(c.timeline.render()).not.toContain('tok.en.value');
  });

  it('names a stream cut before the completion event like a WebSocket 1006', async () => {
    const { url } = await peer((_req, res, body) => {
      sse(res);
      for (const e of goldenPath(body.id).slice(0, 3)) res.write(data(e));
      res.write('data: {"type":"tool_comp');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const c = client(url);
    const run = await c.runToCompletion('Paris?');
    await c.close();

    expect(run.outcome).toBe('closed');
    expect(run.detail).toMatch(/connection closed with 1006 .*after tool_executing/);
    expect(c.streamEnds.map((e) => e.code)).toEqual([1006]);
  });

  it('names a stream that ends cleanly but early (no completion event) as 1006 too', async () => {
    const { url } = await peer((_req, res, body) => {
      sse(res);
      for (const e of goldenPath(body.id).slice(0, 2)) res.write(data(e));
      res.end();
    });
    const c = client(url);
    const run = await c.runToCompletion('Paris?');
    await c.close();
    expect(run.outcome).toBe('closed');
    expect(c.streamEnds[0]).toMatchObject({ code: 1006, reason: 'stream ended before agent_completed' });
  });

  it.each([
    [503, 1011],
    [502, 1011],
    [401, 1008],
  ])('counts an answer of HTTP %i as %i and keeps its body (redacted) on the timeline', async (status, code) => {
    const { url } = await peer((_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end('{"error":"no","token":"tok.en.value"}');
    });
    const c = client(url, { token: 'tok.en.value' });
    const run = await c.runToCompletion('Paris?');
    await c.close();
    expect(run.outcome).toBe('closed');
    expect(c.streamEnds.map((e) => [e.code, e.reason])).toEqual([[code, `HTTP ${status}`]]);
    expect(c.timeline.render()).toContain(`${status}`);
    expect(c.timeline.render()).not.toContain('tok.en.value');
  });

  it('refuses a 200 that is not an event stream, and bounds the wait for response headers', async () => {
    const { url } = await peer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    const c = client(url);
    await c.runToCompletion('Paris?');
    expect(c.streamEnds[0]).toMatchObject({ code: 1008, reason: 'HTTP 200' });
    expect(c.timeline.render()).toContain('not text/event-stream');

    const silent = await peer(() => undefined);
    const slow = client(silent.url, { handshakeTimeoutMs: 200 });
    const run = await slow.runToCompletion('Paris?');
    expect(run.outcome).toBe('closed');
    expect(slow.streamEnds[0]?.reason).toBe('no response within 200 ms');
    await Promise.all([c.close(), slow.close()]);
  });

  it('cuts a stream whose event is over the payload limit', async () => {
    const { url } = await peer((_req, res, body) => {
      sse(res);
      res.write(data({ ...goldenPath(body.id)[0], pad: 'x'.repeat(5000) }));
    });
    const c = client(url, { maxPayloadBytes: 1024 });
    const run = await c.runToCompletion('Paris?');
    await c.close();
    expect(run.outcome).toBe('closed');
    expect(c.streamEnds.map((e) => e.code)).toEqual([1009]);
  });

  it('close() aborts a stream in flight without counting it as cut', async () => {
    const { url } = await peer((_req, res, body) => {
      sse(res);
      res.write(data(goldenPath(body.id)[0]!));
    });
    const c = client(url);
    c.sendUserMessage('Paris?');
    await expect.poll(() => c.events.length).toBe(1);
    await c.close();
    expect(c.streamEnds).toEqual([]);
    expect(() => c.sendUserMessage('again')).toThrow(/send after close/);
  });
});
