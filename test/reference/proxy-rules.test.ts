import type { Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { httpRequestHeaders, httpResponseHeaders, upgradeRequestHeaders } from '../../reference/proxy/header-rules.ts';
import { parseProxyMode } from '../../reference/proxy/proxy-mode.ts';
import { relayInBursts } from '../../reference/proxy/relay-in-bursts.ts';

const upgrade = [
  'Host',
  'h',
  'Connection',
  'Upgrade',
  'Upgrade',
  'websocket',
  'Authorization',
  'Bearer t',
  'Sec-WebSocket-Protocol',
  'agent_chat',
  'X-Seen',
  'a',
  'X-Seen',
  'b',
];

describe('parseProxyMode', () => {
  it('reads the plain and the timed modes', () => {
    expect(parseProxyMode('pass')).toEqual({ name: 'pass' });
    expect(parseProxyMode(' no_upgrade ')).toEqual({ name: 'no_upgrade' });
    expect(parseProxyMode('idle_cut:200')).toEqual({ name: 'idle_cut', ms: 200 });
    expect(parseProxyMode('buffer_frames:1')).toEqual({ name: 'buffer_frames', ms: 1 });
  });

  it.each([
    '',
    'bogus',
    'idle_cut',
    'idle_cut:',
    'idle_cut:0',
    'idle_cut:1.5',
    'buffer_frames:-3',
    'strip_auth:1',
    'pass,strip_auth',
  ])('refuses %j naming REF_PROXY', (value) => {
    expect(() => parseProxyMode(value)).toThrow(
      expect.objectContaining({
        code: 'REF_CONFIG_INVALID',
        variable: 'REF_PROXY',
        message: expect.stringMatching(/^REF_PROXY: .*\(allowed: pass, /),
      }),
    );
  });
});

describe('header rules', () => {
  it('an upgrade keeps every header, in order and case, unless the mode strips one', () => {
    expect(upgradeRequestHeaders(upgrade, { name: 'pass' })).toEqual(upgrade);
    expect(upgradeRequestHeaders(upgrade, { name: 'idle_cut', ms: 5 })).toEqual(upgrade);
    expect(upgradeRequestHeaders(upgrade, { name: 'strip_auth' })).not.toContain('Authorization');
    expect(upgradeRequestHeaders(upgrade, { name: 'strip_auth' })).toContain('Sec-WebSocket-Protocol');
    expect(upgradeRequestHeaders(upgrade, { name: 'strip_protocol' })).toEqual(
      upgrade.filter((_, i, all) => all[i - (i % 2)] !== 'Sec-WebSocket-Protocol'),
    );
  });

  it('no_upgrade drops Upgrade and Connection and asks for Connection: close, as nginx does by default', () => {
    expect(upgradeRequestHeaders(upgrade, { name: 'no_upgrade' })).toEqual([
      'Host',
      'h',
      'Authorization',
      'Bearer t',
      'Sec-WebSocket-Protocol',
      'agent_chat',
      'X-Seen',
      'a',
      'X-Seen',
      'b',
      'Connection',
      'close',
    ]);
  });

  it('plain HTTP drops hop-by-hop headers, including those the Connection header names', () => {
    const raw = [
      'Host',
      'h',
      'Connection',
      'keep-alive, X-Hop',
      'Keep-Alive',
      'timeout=5',
      'X-Hop',
      '1',
      'Transfer-Encoding',
      'chunked',
      'Authorization',
      'Bearer t',
    ];
    expect(httpRequestHeaders(raw, { name: 'pass' })).toEqual(['Host', 'h', 'Authorization', 'Bearer t']);
    expect(httpRequestHeaders(raw, { name: 'strip_auth' })).toEqual(['Host', 'h']);
    expect(
      httpResponseHeaders(['Content-Length', '2', 'Connection', 'close', 'Set-Cookie', 'a', 'Set-Cookie', 'b']),
    ).toEqual(['Content-Length', '2', 'Set-Cookie', 'a', 'Set-Cookie', 'b']);
  });
});

describe('relayInBursts', () => {
  afterEach(() => void vi.useRealTimers());

  function relay(ms: number): { source: PassThrough; writes: string[]; ended: () => boolean } {
    vi.useFakeTimers();
    const source = new PassThrough();
    const target = new PassThrough();
    const writes: string[] = [];
    const write = target.write.bind(target);
    target.write = ((chunk: Buffer) => (writes.push(chunk.toString()), write(chunk))) as typeof target.write;
    target.resume();
    relayInBursts(source as unknown as Socket, target as unknown as Socket, ms);
    return { source, writes, ended: () => target.writableEnded };
  }

  it('passes the answer head at once, even when its end straddles two chunks, then holds the rest for ms', async () => {
    const { source, writes } = relay(200);
    source.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r');
    source.write('\n\r\nframe-1');
    await vi.advanceTimersByTimeAsync(0);
    expect(writes).toEqual(['HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r', '\n\r\n']);
    source.write('frame-2');
    await vi.advanceTimersByTimeAsync(150);
    source.write('frame-3');
    await vi.advanceTimersByTimeAsync(49);
    expect(writes).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(writes.slice(2)).toEqual(['frame-1frame-2frame-3']);
    // The next burst is timed from its own first byte.
    source.write('frame-4');
    await vi.advanceTimersByTimeAsync(199);
    expect(writes).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(writes.slice(3)).toEqual(['frame-4']);
  });

  it('flushes what it holds when the upstream ends, then ends the client', async () => {
    const { source, writes, ended } = relay(10_000);
    source.write('HTTP/1.1 101 Switching Protocols\r\n\r\nlast-frame');
    source.end();
    await vi.advanceTimersByTimeAsync(0);
    expect(writes).toEqual(['HTTP/1.1 101 Switching Protocols\r\n\r\n', 'last-frame']);
    expect(ended()).toBe(true);
  });
});
