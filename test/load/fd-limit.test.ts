import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { E2eError } from '../../framework/errors.ts';
import { assertFdCapacity, readFdLimit } from '../../framework/load/fd-limit.ts';
import { isLoopbackUrl, sourceAddresses } from '../../framework/load/source-addresses.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A fake /proc/<pid> with a limits file and `open` descriptors. */
function fakeProc(soft: number, hard: number, open: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'gp-proc-'));
  dirs.push(dir);
  writeFileSync(
    join(dir, 'limits'),
    `Limit                     Soft Limit           Hard Limit           Units\nMax open files            ${soft}                 ${hard}                 files\n`,
  );
  mkdirSync(join(dir, 'fd'));
  for (let i = 0; i < open; i += 1) writeFileSync(join(dir, 'fd', String(i)), '');
  return dir;
}

describe('fd limit', () => {
  it('reads the soft and hard open-files limits of this process', () => {
    const limit = readFdLimit();
    expect(limit?.soft).toBeGreaterThan(0);
    expect(limit!.hard).toBeGreaterThanOrEqual(limit!.soft);
    expect(limit!.open).toBeGreaterThan(2);
  });

  it('fails fast, naming the limits and the ways out, when the connections cannot fit', () => {
    const limit = readFdLimit(fakeProc(1024, 4096, 10));
    expect(limit).toEqual({ soft: 1024, hard: 4096, open: 10 });
    let error: unknown;
    try {
      assertFdCapacity(2000, 'load "closed"', limit);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(E2eError);
    expect((error as E2eError).code).toBe('E2E_LOAD_CAPACITY');
    expect((error as E2eError).message).toMatch(
      /needs up to 2000 connections .* room for 950 \(soft 1024, hard 4096, 10 already open\)/,
    );
    expect((error as E2eError).message).toMatch(/ulimit -n 4096.*E2E_LOAD_WORKERS.*E2E_SHARD/);
    expect(() => assertFdCapacity(900, 'load', limit)).not.toThrow();
  });
});

describe('source addresses', () => {
  it('spreads loopback connections over 127.0.0.x, a few thousand per address at most', () => {
    expect(isLoopbackUrl('ws://127.0.0.1:80/ws')).toBe(true);
    expect(isLoopbackUrl('wss://api.example.com/ws')).toBe(false);
    expect(sourceAddresses('ws://127.0.0.1:1/ws', 100, 1)).toEqual(['127.0.0.1']);
    expect(sourceAddresses('ws://localhost:1/ws', 100, 3)).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.3']);
    expect(sourceAddresses('ws://127.0.0.1:1/ws', 19_000, 1)).toHaveLength(5);
    expect(sourceAddresses('wss://api.example.com/ws', 19_000, 4)).toEqual([]);
    expect(() => sourceAddresses('ws://127.0.0.1:1/ws', 2_000_000, 1)).toThrow(/254/);
  });
});
