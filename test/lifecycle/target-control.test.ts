import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { restartTarget, startTargetControl } from '../../framework/target/target-control.ts';
import type { ResolvedTarget } from '../../framework/target/resolved-target.ts';

const target = (controlUrl?: string): ResolvedTarget => ({
  kind: controlUrl ? 'local' : 'remote',
  authUrl: undefined,
  backendUrl: 'http://127.0.0.1:1',
  wsUrl: 'ws://127.0.0.1:1/ws',
  signingKey: undefined,
  users: [],
  faults: '',
  logFile: undefined,
  ...(controlUrl ? { controlUrl } : {}),
});

describe('target control', () => {
  it('a switch whose body is not {faults, reference?} is refused with what is wrong, and nothing is switched', async () => {
    const asked: unknown[] = [];
    const control = await startTargetControl({
      restart: async () => ({ downMs: 0 }),
      switch: async (to) => (asked.push(to), { backendUrl: 'http://127.0.0.1:1', wsUrl: 'ws://127.0.0.1:1/ws' }),
    });
    const post = async (body: string) => {
      const res = await request(`${control.url}/switch`, { method: 'POST', body });
      return { status: res.statusCode, ...((await res.body.json()) as object) };
    };
    try {
      expect(await post('faults=x')).toMatchObject({ status: 500, error: expect.stringMatching(/not JSON/) });
      expect(await post('{}')).toMatchObject({ error: expect.stringMatching(/"faults" is not a string/) });
      expect(await post('{"faults":"","reference":{"REF_PROXY":1}}')).toMatchObject({
        error: expect.stringMatching(/"reference.REF_PROXY" is not a string/),
      });
      expect(asked).toEqual([]);
      expect(await post('{"faults":"x","reference":{"REF_PROXY":"pass"}}')).toMatchObject({ status: 200 });
      expect(asked).toEqual([{ faults: 'x', reference: { REF_PROXY: 'pass' } }]);
    } finally {
      await control.close();
    }
  });

  it('restartTarget runs the restart in the owning process and returns its figures', async () => {
    let restarts = 0;
    const control = await startTargetControl({ restart: async () => ({ downMs: (restarts += 1) * 10 }) });
    try {
      expect(await restartTarget(target(control.url), 2000)).toEqual({ downMs: 10 });
      expect(restarts).toBe(1);
    } finally {
      await control.close();
    }
  });

  it('answers 404 without its secret path, and 409 while a restart is under way', async () => {
    let release = () => {};
    const control = await startTargetControl({ restart: () => new Promise((r) => (release = () => r({ downMs: 1 }))) });
    try {
      const guess = await request(`${new URL(control.url).origin}/restart`, { method: 'POST' });
      expect(guess.statusCode).toBe(404);
      await guess.body.dump();
      const first = restartTarget(target(control.url), 2000);
      await new Promise((r) => setTimeout(r, 50));
      await expect(restartTarget(target(control.url), 2000)).rejects.toThrow(/restart failed \(HTTP 409\)/);
      release();
      expect(await first).toEqual({ downMs: 1 });
    } finally {
      await control.close();
    }
  });

  it('a failed restart is reported with its reason; a target without control says it cannot restart', async () => {
    const control = await startTargetControl({ restart: async () => Promise.reject(new Error('port taken')) });
    try {
      await expect(restartTarget(target(control.url), 2000)).rejects.toThrow(
        /restart failed \(HTTP 500\): .*port taken/,
      );
    } finally {
      await control.close();
    }
    await expect(restartTarget(target(), 2000)).rejects.toMatchObject({
      code: 'E2E_TARGET_CONTROL',
      message: expect.stringMatching(/cannot restart a remote target/),
    });
  });
});
