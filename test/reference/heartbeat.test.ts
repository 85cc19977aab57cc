import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { startHeartbeat } from '../../reference/backend/connection/heartbeat.ts';

const ROOT = resolve(import.meta.dirname, '../..');

// The client runs in a process of its own, so that it answers pings while the server's loop is held.
const CLIENT = `
const { WebSocket } = require('ws');
const ws = new WebSocket(process.env.URL, { autoPong: process.env.PONG === '1' });
ws.on('open', () => console.log('open'));
ws.on('error', () => process.exit(1));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`;

let server: WebSocketServer | undefined;
let client: ChildProcess | undefined;
afterEach(async () => {
  client?.stdin?.end();
  client?.kill('SIGKILL');
  client = undefined;
  for (const ws of server?.clients ?? []) ws.terminate();
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = undefined;
});

/** A server on loopback and a client process connected to it; resolves with the server's socket. */
async function connect(pong: boolean): Promise<WebSocket> {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const connection = once(server, 'connection') as Promise<[WebSocket]>;
  client = spawn(process.execPath, ['-e', CLIENT], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, URL: url, PONG: pong ? '1' : '0' },
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  const [ws] = await connection;
  return ws;
}

function blockFor(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // the server's loop is held, as on a machine with no CPU to spare
  }
}

describe('the reference heartbeat', () => {
  it('does not give up on a client whose pong came while its own loop was held past the deadline', async () => {
    const ws = await connect(true);
    const idle: number[] = [];
    let pings = 0;
    const stop = startHeartbeat(ws, {
      pingIntervalMs: 100,
      idleLimitMs: 300,
      onIdle: () => idle.push(Date.now()),
      // Right after the first ping, hold the loop past the idle deadline: the client's pong
      // arrives meanwhile and waits, unread, in the socket's buffer. Held from the check phase,
      // so that the next turn of the loop starts with the deadline passed, as on a busy machine.
      onPing: () => void (++pings === 1 && setImmediate(() => blockFor(1500))),
    });
    try {
      await new Promise((r) => setTimeout(r, 1800));
      expect(pings).toBeGreaterThan(1);
      expect(idle, 'the heartbeat gave up on a client that had answered').toEqual([]);
    } finally {
      stop();
    }
  });

  it('gives up on a client that does not answer pings, once the idle limit has passed', async () => {
    const ws = await connect(false);
    const started = Date.now();
    let stop = () => {};
    const idleAt = await new Promise<number>((resolveIdle, reject) => {
      const timer = setTimeout(() => reject(new Error('no idle timeout within 10 s')), 10_000);
      stop = startHeartbeat(ws, {
        pingIntervalMs: 100,
        idleLimitMs: 300,
        onIdle: () => {
          clearTimeout(timer);
          resolveIdle(Date.now());
        },
      });
    }).finally(() => stop());
    expect(idleAt - started).toBeGreaterThanOrEqual(300);
  });
});
