import { afterEach, describe, expect, it } from 'vitest';
import { judgeMalformedHandshake } from '../../framework/checks/judge-refusal.ts';
import { rawHandshake } from '../../framework/raw/raw-handshake.ts';
import { closePeers, tcpPeer, wsPeer } from '../raw/support/peers.ts';

afterEach(closePeers);
const answerWith = (head: string) => tcpPeer((socket) => socket.end(`${head}\r\nContent-Length: 0\r\n\r\n`));

describe('judgeMalformedHandshake', () => {
  it('passes ws refusing a handshake without a key (400); names its 400 to version 7 that omits Sec-WebSocket-Version (RFC 6455 §4.4)', async () => {
    const { url } = await wsPeer();
    const noKey = await rawHandshake({ url, changes: { 'Sec-WebSocket-Key': undefined }, timeoutMs: 1000 });
    expect(judgeMalformedHandshake(noKey, { request: 'no key', statuses: [400] })).toMatchObject({
      ok: true,
      httpStatus: 400,
    });
    // ws itself still speaks version 8 (hybi-08), so 7 is what it refuses.
    const v8 = await rawHandshake({ url, changes: { 'Sec-WebSocket-Version': '7' }, timeoutMs: 1000 });
    const needs13 = (a: { head: { headers: Map<string, string[]> } }) =>
      a.head.headers.get('sec-websocket-version')?.includes('13') ? undefined : 'no version header';
    const versionRule = { request: 'version 8', statuses: [426, 400], require: needs13 };
    expect(judgeMalformedHandshake(v8, versionRule)).toMatchObject({
      ok: false,
      finding: 'incomplete_refusal',
      httpStatus: 400,
    });
    const fixed = await answerWith('HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13');
    expect(
      judgeMalformedHandshake(await rawHandshake({ url: fixed, timeoutMs: 1000 }), {
        request: 'version 8',
        statuses: [426, 400],
        require: needs13,
      }),
    ).toMatchObject({ ok: true, httpStatus: 426 });
  });

  it('names a 5xx, a wrong status, a missing required header and an upgrade', async () => {
    const rule = { request: 'a POST', statuses: ['4xx' as const] };
    expect(
      judgeMalformedHandshake(
        await rawHandshake({ url: await answerWith('HTTP/1.1 500 Internal Server Error'), timeoutMs: 1000 }),
        rule,
      ),
    ).toMatchObject({ ok: false, finding: 'server_error', httpStatus: 500 });
    expect(
      judgeMalformedHandshake(await rawHandshake({ url: await answerWith('HTTP/1.1 200 OK'), timeoutMs: 1000 }), rule),
    ).toMatchObject({ ok: false, finding: 'wrong_status', message: 'a POST was answered HTTP 200, not 4xx' });
    const v8 = await rawHandshake({ url: await answerWith('HTTP/1.1 426 Upgrade Required'), timeoutMs: 1000 });
    expect(
      judgeMalformedHandshake(v8, {
        request: 'version 8',
        statuses: [426],
        require: () => 'the answer lacks Sec-WebSocket-Version: 13',
      }),
    ).toMatchObject({ ok: false, finding: 'incomplete_refusal' });
    const upgraded = await rawHandshake({
      url: await tcpPeer((s) => s.write('HTTP/1.1 101 Switching Protocols\r\n\r\n')),
      timeoutMs: 1000,
    });
    expect(judgeMalformedHandshake(upgraded, rule)).toMatchObject({ ok: false, finding: 'malformed_upgraded' });
  });

  it('names a server that hangs instead of answering', async () => {
    const hung = await rawHandshake({ url: await tcpPeer(() => {}), timeoutMs: 150 });
    expect(judgeMalformedHandshake(hung, { request: 'a POST', statuses: ['4xx'] })).toMatchObject({
      ok: false,
      finding: 'handshake_hang',
      observed: 'no response head within 150 ms (the server hung)',
    });
  });

  it('tells a server that hangs up without answering from one that hangs', async () => {
    const hungUp = await rawHandshake({ url: await tcpPeer((socket) => socket.end()), timeoutMs: 1000 });
    expect(judgeMalformedHandshake(hungUp, { request: 'a POST', statuses: ['4xx'] })).toMatchObject({
      ok: false,
      finding: 'no_answer',
      observed: 'connection closed without an answer',
    });
  });
});
