import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startReferenceStack } from '../../reference/index.ts';
import { spawnReference } from './support/spawn-reference.ts';

const SECRET = 'admin-test-secret-0123456789';

async function health(backendUrl: string): Promise<{ version: string }> {
  const res = await request(`${backendUrl}/health`);
  return (await res.body.json()) as { version: string };
}

describe('reference: faults switched at run time', () => {
  it('setFaults restarts the backend on its port with the new faults; a bad value changes nothing', async () => {
    const stack = await startReferenceStack({ log: false });
    try {
      await stack.setFaults('report_version:2.0.0,no_pong');
      expect((await health(stack.backendUrl)).version).toBe('2.0.0');
      expect(Object.keys(stack.config.faults).sort()).toEqual(['no_pong', 'report_version']);
      await expect(stack.setFaults('drop_event:nope')).rejects.toThrow(
        /REF_FAULTS: fault "drop_event" needs an event type/,
      );
      expect((await health(stack.backendUrl)).version).toBe('2.0.0');
      await stack.setFaults('');
      expect((await health(stack.backendUrl)).version).toBe('0.1.0');
    } finally {
      await stack.close();
    }
  });

  it('main.ts with REF_ADMIN_SECRET: GET and PUT under the secret path only; the secret is never printed', async () => {
    const ref = spawnReference({ REF_ADMIN_SECRET: SECRET });
    try {
      const info = (await ref.ready) as Awaited<typeof ref.ready> & { adminUrl: string };
      expect(info.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const faults = `${info.adminUrl}/${SECRET}/faults`;
      const put = (body: string) => request(faults, { method: 'PUT', body });

      expect(await (await request(faults)).body.json()).toEqual({ faults: '' });
      const ok = await put(JSON.stringify({ faults: 'report_version:3.1.4' }));
      expect(ok.statusCode).toBe(200);
      expect(await ok.body.json()).toEqual({ faults: 'report_version:3.1.4' });
      expect((await health(info.backendUrl)).version).toBe('3.1.4');

      const bad = await put(JSON.stringify({ faults: 'no_such_fault' }));
      expect(bad.statusCode).toBe(400);
      expect(await bad.body.json()).toMatchObject({ message: expect.stringMatching(/unknown fault "no_such_fault"/) });
      const notJson = await put('report_version:1');
      expect(notJson.statusCode).toBe(400);
      await notJson.body.dump();

      const guess = await request(`${info.adminUrl}/${SECRET.slice(0, -1)}/faults`);
      expect(guess.statusCode).toBe(404);
      await guess.body.dump();
      const wrongMethod = await request(faults, { method: 'DELETE' });
      expect(wrongMethod.statusCode).toBe(405);
      await wrongMethod.body.dump();
    } finally {
      await ref.stop();
    }
    expect(ref.stdout() + ref.stderr()).not.toContain(SECRET);
  });

  it.each([
    [{ REF_ADMIN_SECRET: 'short' }, /REF_ADMIN_SECRET: needs at least 16 characters/],
    [
      { REF_ADMIN_SECRET: SECRET, REF_WORKERS: '2' },
      /REF_ADMIN_SECRET: switching faults at run time needs REF_WORKERS=1/,
    ],
  ])('refuses %o with a line naming the variable', async (env, message) => {
    const ref = spawnReference(env);
    expect((await ref.exited).code).toBe(2);
    expect(ref.stderr()).toMatch(message);
  });
});
