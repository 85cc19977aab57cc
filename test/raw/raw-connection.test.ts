import { afterEach, describe, expect, it } from 'vitest';
import { encodeClose } from '../../framework/raw/close-payload.ts';
import { Opcode } from '../../framework/raw/frame.ts';
import { PROTOCOL_CASES } from '../../framework/raw/protocol-cases.ts';
import type { RawConnection } from '../../framework/raw/raw-connection.ts';
import { rawHandshake } from '../../framework/raw/raw-handshake.ts';
import { closePeers, wsPeer } from './support/peers.ts';

afterEach(closePeers);

async function open(url: string): Promise<RawConnection> {
  const answer = await rawHandshake({ url, timeoutMs: 1000 });
  if (answer.kind !== 'upgraded') throw new Error(`not upgraded: ${answer.kind}`);
  return answer.connection;
}

describe('RawConnection against a real ws server', () => {
  it.for(PROTOCOL_CASES.map((c) => [`${c.id} → close ${c.codes[0]}`, c] as const))('%s from ws', async ([, c]) => {
    const peer = await wsPeer({ maxPayload: 512 });
    const connection = await open(peer.url);
    for (const frame of c.frames({ maxPayloadBytes: 512 })) connection.send(frame);
    const outcome = await connection.awaitClose(2000);

    expect(outcome.closeFrame?.code, connection.timeline.render()).toBe(c.codes[0]);
    expect(outcome.tcpClosed).toBe(true);
    expect(outcome.timedOut).toBe(false);
  });

  it('answers the server close as a client must, so the server finishes the close handshake', async () => {
    const closes: number[] = [];
    const peer = await wsPeer({}, (ws) => {
      ws.on('close', (code) => closes.push(code));
      ws.close(4001, 'bye');
    });
    const connection = await open(peer.url);
    const outcome = await connection.awaitClose(2000, 0);

    expect(outcome.closeFrame).toEqual({ code: 4001, reason: 'bye' });
    expect(outcome.tcpClosed).toBe(true);
    await expect.poll(() => closes).toEqual([4001]);
  });

  it('waits no longer than told for a server that ignores a violation, and collects what it sent', async () => {
    const peer = await wsPeer({}, (ws) => ws.on('message', () => ws.send('{"type":"error","code":"invalid_json"}')));
    const connection = await open(peer.url);
    connection.send({ opcode: Opcode.text, payload: 'not json' });
    const started = performance.now();
    const outcome = await connection.awaitClose(300);

    expect(outcome.timedOut).toBe(true);
    expect(outcome.closeFrame).toBeUndefined();
    expect(outcome.before.map((f) => f.payload.toString())).toEqual(['{"type":"error","code":"invalid_json"}']);
    expect(performance.now() - started).toBeLessThan(1000);
    connection.destroy();
  });

  it('reports a TCP drop without a close frame', async () => {
    const peer = await wsPeer({}, (ws) => ws.on('message', () => ws.terminate()));
    const connection = await open(peer.url);
    connection.send({ opcode: Opcode.text, payload: 'drop me' });
    const outcome = await connection.awaitClose(2000);

    expect(outcome).toMatchObject({ closeFrame: undefined, tcpClosed: true, timedOut: false });
  });

  it('answers pings with the same payload, like any live client', async () => {
    const pongs: string[] = [];
    const peer = await wsPeer({}, (ws) => {
      ws.on('pong', (data) => pongs.push(data.toString()));
      ws.ping('are-you-there');
    });
    const connection = await open(peer.url);
    await expect.poll(() => pongs).toEqual(['are-you-there']);
    connection.send({ opcode: Opcode.close, payload: encodeClose(1000) });
    expect((await connection.awaitClose(2000)).closeFrame?.code).toBe(1000);
  });

  it('rejects a frame wait with E2E_WS_TIMEOUT, and E2E_UNEXPECTED_CLOSE once the connection is gone', async () => {
    const peer = await wsPeer();
    const connection = await open(peer.url);
    await expect(connection.waitForFrame(() => true, { timeoutMs: 100 })).rejects.toMatchObject({
      code: 'E2E_WS_TIMEOUT',
    });
    connection.destroy();
    await expect(connection.waitForFrame(() => true, { timeoutMs: 100 })).rejects.toMatchObject({
      code: 'E2E_UNEXPECTED_CLOSE',
    });
    connection.send({ opcode: Opcode.text, payload: 'late' });
    expect(connection.timeline.render()).toMatch(/not sent .*the connection is closed/);
  });
});
