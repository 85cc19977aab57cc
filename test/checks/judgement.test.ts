import { describe, expect, it } from 'vitest';
import { heartbeatMayHaveClosed } from '../../framework/checks/judgement.ts';

describe('heartbeatMayHaveClosed: a close in the middle of a burst, by the server heartbeat maybe', () => {
  const heartbeat = { idleLimitMs: 1500, pingIntervalMs: 500 };
  const burst = { at: 10_000, what: 'a flood of 4500 messages', before: 'its rate limit was reached' };
  const close = (at: number) => ({ code: 1011, reason: 'keepalive ping timeout', by: 'server' as const, at });

  it('is undefined for a close sooner than the idle limit less a ping interval: the heartbeat could not have closed yet', () => {
    expect(heartbeatMayHaveClosed(close(10_999), burst, heartbeat)).toBeUndefined();
  });

  it('names the close, how far into the burst it came and the idle limit, from that moment on', () => {
    const why = heartbeatMayHaveClosed(close(11_000), burst, heartbeat);
    expect(why).toContain('close 1011 "keepalive ping timeout" 1000 ms into a flood of 4500 messages');
    expect(why).toContain('idle limit (1500 ms, E2E_IDLE_LIMIT_MS)');
    expect(why).toContain('before its rate limit was reached');
  });
});
