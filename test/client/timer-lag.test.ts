import { describe, expect, it } from 'vitest';
import { watchTimerLag } from '../../framework/client/heartbeat-probe.ts';

describe('watchTimerLag', () => {
  it('reports how long the event loop was held past a tick', async () => {
    const lag = watchTimerLag();
    await new Promise((r) => setTimeout(r, 50));
    const until = performance.now() + 300;
    while (performance.now() < until);
    await new Promise((r) => setTimeout(r, 50));
    expect(lag.stop()).toBeGreaterThanOrEqual(250);
  });

  it('once stopped, the figure no longer moves', async () => {
    const lag = watchTimerLag();
    await new Promise((r) => setTimeout(r, 60));
    const first = lag.stop();
    const until = performance.now() + 200;
    while (performance.now() < until);
    await new Promise((r) => setTimeout(r, 60));
    expect(lag.stop()).toBe(first);
  });
});
