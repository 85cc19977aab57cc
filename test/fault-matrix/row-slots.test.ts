import { describe, expect, it } from 'vitest';
import { RowSlots } from './row-slots.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('RowSlots', () => {
  it('runs up to its size side by side, and a row that needs them all alone, in arrival order', async () => {
    const slots = new RowSlots(2);
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const row = (name: string, need: number) =>
      slots.run(need, async () => {
        running += 1;
        most = Math.max(most, running);
        log.push(`${name}+${running}`);
        await tick();
        running -= 1;
      });
    await Promise.all([row('a', 1), row('b', 1), row('c', 1), row('load', 2), row('d', 1)]);
    // a and b together, c in the slot a left; load waits for both slots and runs alone; d only after it.
    expect(log).toEqual(['a+1', 'b+2', 'c+2', 'load+1', 'd+1']);
    expect(most).toBe(2);
  });

  it('frees its slots when a row throws', async () => {
    const slots = new RowSlots(1);
    await expect(slots.run(1, () => Promise.reject(new Error('row failed')))).rejects.toThrow('row failed');
    await expect(slots.run(1, async () => 'next')).resolves.toBe('next');
  });
});
