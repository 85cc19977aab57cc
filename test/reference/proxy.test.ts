import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect as tcpConnect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { WebSocket, type ClientOptions } from 'ws';
import { startProxyUpstream, type ProxyUpstream } from './support/proxy-upstream.ts';
import { spawnProxy, type SpawnedProxy } from './support/spawn-proxy.ts';

const WAIT_MS = 5_000;

interface Rig {
  readonly upstream: ProxyUpstream;
  readonly proxy: SpawnedProxy;
  /** The proxy's origin. */
  readonly url: string;
  readonly wsUrl: string;
}

/** A fresh upstream and a proxy process in front of it, both closed after `body`. */
async function withProxy(mode: string, body: (rig: Rig) => Promise<void>): Promise<void> {
  const upstream = await startProxyUpstream();
  const proxy = spawnProxy(mode, upstream.url);
  try {
    const { url } = await proxy.ready;
    await body({ upstream, proxy, url, wsUrl: `${url.replace('http:', 'ws:')}/ws` });
  } finally {
    await proxy.stop();
    await upstream.close();
  }
}

function openWs(wsUrl: string, protocols: string[] = [], options: ClientOptions = {}): Promise<WebSocket> {
  const ws = new WebSocket(wsUrl, protocols, { handshakeTimeout: WAIT_MS, ...options });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Resolves with the non-101 answer to a handshake (status, headers, body). */
function refusedWs(
  wsUrl: string,
  protocols: string[] = [],
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const ws = new WebSocket(wsUrl, protocols, { handshakeTimeout: WAIT_MS });
  return new Promise((resolve, reject) => {
    ws.once('open', () => (ws.terminate(), reject(new Error('the connection was upgraded'))));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => (ws.terminate(), resolve({ status: res.statusCode ?? 0, headers: res.headers, body })));
    });
  });
}

/** The next `event` of `emitter`, or a rejection after WAIT_MS. */
function next<T extends unknown[]>(emitter: NodeJS.EventEmitter, event: string): Promise<T> {
  return once(emitter, event, { signal: AbortSignal.timeout(WAIT_MS) }) as Promise<T>;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const end = performance.now() + WAIT_MS;
  while (!condition()) {
    if (performance.now() > end) throw new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`);
    await sleep(10);
  }
}

async function serverSide(upstream: ProxyUpstream, index = 0): Promise<WebSocket> {
  await until(() => upstream.sockets.length > index, "the upstream's side of the connection");
  return upstream.sockets[index]!;
}

describe.concurrent('reference proxy: pass', () => {
  it("forwards plain HTTP both ways: method, path, headers and body, and the upstream's answer", async () => {
    await withProxy('pass', async ({ upstream, url }) => {
      const res = await request(`${url}/echo?x=1`, {
        method: 'POST',
        body: 'hello',
        headers: { authorization: 'Bearer abc', 'x-custom': 'kept' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-upstream']).toBe('yes');
      expect(await res.body.json()).toEqual({ method: 'POST', url: '/echo?x=1', body: 'hello' });
      expect(upstream.seen[0]).toMatchObject({
        upgrade: false,
        headers: { authorization: 'Bearer abc', 'x-custom': 'kept' },
      });
      const health = await request(`${url}/health`);
      expect(health.statusCode).toBe(200);
      await health.body.dump();
    });
  });

  it('relays WebSocket frames unchanged both ways: text, binary, ping/pong, close codes', async () => {
    await withProxy('pass', async ({ upstream, wsUrl }) => {
      const ws = await openWs(wsUrl, ['agent_chat', 'jwt.abc'], { headers: { authorization: 'Bearer abc' } });
      expect(ws.protocol).toBe('agent_chat');
      expect(upstream.seen[0]?.headers).toMatchObject({
        authorization: 'Bearer abc',
        'sec-websocket-protocol': 'agent_chat,jwt.abc',
        upgrade: 'websocket',
      });
      const server = await serverSide(upstream);
      const serverGot: Array<[Buffer, boolean]> = [];
      server.on('message', (data: Buffer, isBinary: boolean) => serverGot.push([data, isBinary]));

      const text = 'héllo ✓ {"type":"user_message"}';
      ws.send(text);
      const [echoText, textIsBinary] = await next<[Buffer, boolean]>(ws, 'message');
      expect([echoText.toString(), textIsBinary]).toEqual([text, false]);

      // Over 65535 bytes: the frame carries a 64-bit length.
      const bytes = randomBytes(70_000);
      ws.send(bytes);
      const [echoBytes, bytesAreBinary] = await next<[Buffer, boolean]>(ws, 'message');
      expect(bytesAreBinary).toBe(true);
      expect(Buffer.compare(echoBytes, bytes)).toBe(0);
      expect(serverGot.map(([data, binary]) => [data.length, binary])).toEqual([
        [Buffer.byteLength(text), false],
        [70_000, true],
      ]);
      expect(Buffer.compare(serverGot[1]![0], bytes)).toBe(0);

      const serverPing = next<[Buffer]>(server, 'ping');
      ws.ping(Buffer.from('client-ping'));
      expect((await next<[Buffer]>(ws, 'pong'))[0].toString()).toBe('client-ping');
      expect((await serverPing)[0].toString()).toBe('client-ping');
      const serverPong = next<[Buffer]>(server, 'pong');
      server.ping(Buffer.from('server-ping'));
      expect((await next<[Buffer]>(ws, 'ping'))[0].toString()).toBe('server-ping');
      expect((await serverPong)[0].toString()).toBe('server-ping');

      const serverClosed = next<[number, Buffer]>(server, 'close');
      ws.close(4000, 'client done');
      const [code, reason] = await next<[number, Buffer]>(ws, 'close');
      expect([code, reason.toString()]).toEqual([4000, 'client done']);
      const [serverCode, serverReason] = await serverClosed;
      expect([serverCode, serverReason.toString()]).toEqual([4000, 'client done']);

      const second = await openWs(wsUrl);
      (await serverSide(upstream, 1)).close(4001, 'server done');
      const [secondCode, secondReason] = await next<[number, Buffer]>(second, 'close');
      expect([secondCode, secondReason.toString()]).toEqual([4001, 'server done']);
    });
  });

  it('after the 101 it copies bytes, not frames: arbitrary bytes arrive identical both ways', async () => {
    await withProxy('pass', async ({ upstream, url }) => {
      const socket = await rawUpgrade(url, '/raw');
      const up = randomBytes(300_000);
      socket.write(up);
      await until(() => upstream.raw.received().length >= up.length, 'the upstream to receive every byte');
      expect(Buffer.compare(upstream.raw.received(), up)).toBe(0);

      const down = randomBytes(300_000);
      const got: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => got.push(chunk)).resume();
      upstream.raw.send(down);
      await until(() => Buffer.concat(got).length >= down.length, 'the client to receive every byte');
      expect(Buffer.compare(Buffer.concat(got), down)).toBe(0);
      socket.destroy();
    });
  });

  it('answers 502 when the upstream cannot be reached, for plain HTTP and for an upgrade', async () => {
    const gone = await startProxyUpstream();
    await gone.close();
    const proxy = spawnProxy('pass', gone.url);
    try {
      const { url } = await proxy.ready;
      const res = await request(`${url}/health`);
      expect(res.statusCode).toBe(502);
      expect(await res.body.json()).toMatchObject({ error: 'bad_gateway' });
      const refused = await refusedWs(`${url.replace('http:', 'ws:')}/ws`);
      expect(refused.status).toBe(502);
      expect(JSON.parse(refused.body)).toMatchObject({ error: 'bad_gateway' });
    } finally {
      await proxy.stop();
    }
  });
});

describe.concurrent('reference proxy: header faults', () => {
  it('strip_auth drops Authorization from upgrades and plain requests, and nothing else', async () => {
    await withProxy('strip_auth', async ({ upstream, url, wsUrl }) => {
      const ws = await openWs(wsUrl, ['agent_chat'], { headers: { authorization: 'Bearer abc', 'x-custom': 'kept' } });
      ws.terminate();
      const res = await request(`${url}/health`, { headers: { authorization: 'Bearer abc' } });
      await res.body.dump();
      expect(upstream.seen.map((s) => [s.upgrade, s.headers.authorization])).toEqual([
        [true, undefined],
        [false, undefined],
      ]);
      expect(upstream.seen[0]?.headers).toMatchObject({
        'x-custom': 'kept',
        'sec-websocket-protocol': 'agent_chat',
        upgrade: 'websocket',
      });
    });
  });

  it('strip_protocol drops Sec-WebSocket-Protocol, so a client that offered one fails the handshake', async () => {
    await withProxy('strip_protocol', async ({ upstream, wsUrl }) => {
      await expect(
        openWs(wsUrl, ['agent_chat', 'jwt.abc'], { headers: { authorization: 'Bearer abc' } }),
      ).rejects.toThrow(/Server sent no subprotocol/);
      expect(upstream.seen[0]?.headers['sec-websocket-protocol']).toBeUndefined();
      expect(upstream.seen[0]?.headers).toMatchObject({ authorization: 'Bearer abc', upgrade: 'websocket' });
    });
  });

  it("no_upgrade forwards GET /ws as plain HTTP without Upgrade and relays the upstream's answer", async () => {
    await withProxy('no_upgrade', async ({ upstream, wsUrl }) => {
      const refused = await refusedWs(wsUrl, ['agent_chat']);
      expect(refused.status).toBe(400);
      expect(refused.headers['x-upstream']).toBe('yes');
      expect(JSON.parse(refused.body)).toMatchObject({ method: 'GET', url: '/ws' });
      const seen = upstream.seen[0]!;
      expect(seen.upgrade).toBe(false);
      expect(seen.headers.upgrade).toBeUndefined();
      expect(seen.headers.connection).toBe('close');
      // Everything else still reaches the backend, as it does through such a proxy.
      expect(seen.headers).toMatchObject({ 'sec-websocket-protocol': 'agent_chat', 'sec-websocket-version': '13' });
    });
  });
});

// Timing-sensitive: one at a time.
describe('reference proxy: stream faults', () => {
  it('idle_cut:200 keeps a connection that talks, and cuts it ~200 ms after it falls silent', async () => {
    await withProxy('idle_cut:200', async ({ upstream, wsUrl }) => {
      const ws = await openWs(wsUrl);
      const server = await serverSide(upstream);
      const serverClosed = next<[number]>(server, 'close');
      // 800 ms of traffic, four times the idle limit, with no gap near it.
      for (let i = 0; i < 20; i++) {
        ws.send(`tick ${i}`);
        await next(ws, 'message');
        await sleep(40);
      }
      expect(ws.readyState).toBe(WebSocket.OPEN);
      const quiet = performance.now();
      const [code] = await next<[number]>(ws, 'close');
      const silentFor = performance.now() - quiet;
      expect(code).toBe(1006);
      expect((await serverClosed)[0]).toBe(1006);
      expect(silentFor).toBeGreaterThanOrEqual(150);
      expect(silentFor).toBeLessThan(600);
    });
  });

  it('buffer_frames:200 holds server messages and delivers them together; client messages pass at once', async () => {
    await withProxy('buffer_frames:200', async ({ upstream, wsUrl }) => {
      const ws = await openWs(wsUrl);
      const server = await serverSide(upstream);
      const arrivals: number[] = [];
      ws.on('message', () => arrivals.push(performance.now()));

      const sentAt = performance.now();
      server.send('a');
      await sleep(50);
      server.send('b');
      await sleep(50);
      server.send('c');
      await until(() => arrivals.length === 3, 'three messages');
      expect(arrivals[0]! - sentAt).toBeGreaterThanOrEqual(190);
      // They left the upstream 100 ms apart and arrive as one burst.
      expect(arrivals[2]! - arrivals[0]!).toBeLessThan(50);

      const clientSentAt = performance.now();
      const serverGot = next(server, 'message').then(() => performance.now());
      ws.send('x');
      const serverGotAt = await serverGot;
      await until(() => arrivals.length === 4, 'the echo');
      // The way up is not held; the echo on the way down is.
      expect(serverGotAt - clientSentAt).toBeLessThan(arrivals[3]! - serverGotAt);
      expect(arrivals[3]! - serverGotAt).toBeGreaterThanOrEqual(190);
      ws.terminate();
    });
  });
});

describe.concurrent('reference proxy: process', () => {
  it.each(['bogus', 'idle_cut', 'buffer_frames:0', 'pass:5'])(
    'REF_PROXY=%s exits 2 with one line naming REF_PROXY and the allowed values',
    async (mode) => {
      const proxy = spawnProxy(mode, 'http://127.0.0.1:1');
      expect((await proxy.exited).code).toBe(2);
      expect(proxy.stderr()).toMatch(
        /^reference proxy: REF_PROXY: .*\(allowed: pass, strip_auth, strip_protocol, no_upgrade, idle_cut:<ms>, buffer_frames:<ms>\)\n$/,
      );
      expect(proxy.stdout()).toBe('');
    },
  );

  it('exits 2 naming REF_PROXY_UPSTREAM when the upstream is not an http URL', async () => {
    const proxy = spawnProxy('pass', 'ws://127.0.0.1:1');
    expect((await proxy.exited).code).toBe(2);
    expect(proxy.stderr()).toMatch(/^reference proxy: REF_PROXY_UPSTREAM: /);
  });

  it('SIGTERM cuts relayed connections and exits 0; with REF_EXIT_WITH_STDIN=1 so does the end of stdin', async () => {
    await withProxy('pass', async ({ proxy, wsUrl }) => {
      const ws = await openWs(wsUrl);
      const closed = next<[number]>(ws, 'close');
      proxy.child.kill('SIGTERM');
      expect(await proxy.exited).toEqual({ code: 0, signal: null });
      expect((await closed)[0]).toBe(1006);
    });
    const upstream = await startProxyUpstream();
    const proxy = spawnProxy('pass', upstream.url, { REF_EXIT_WITH_STDIN: '1' });
    try {
      await proxy.ready;
      proxy.child.stdin?.end();
      expect(await proxy.exited).toEqual({ code: 0, signal: null });
    } finally {
      await proxy.stop();
      await upstream.close();
    }
  });
});

/** A hand-written upgrade request; resolves with the socket once the 101 head has been read. */
function rawUpgrade(url: string, path: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(Number(port), hostname, () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`,
      );
    });
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      clearTimeout(timer);
      if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(`not upgraded: ${head}`));
      // The upstream writes nothing after its 101 until asked, so the head is all that was read.
      socket.pause();
      resolve(socket);
    };
    const timer = setTimeout(() => (socket.destroy(), reject(new Error(`no 101 within ${WAIT_MS} ms`))), WAIT_MS);
    socket.on('data', onData);
    socket.on('error', reject);
  });
}
