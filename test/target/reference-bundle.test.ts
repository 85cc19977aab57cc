import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { referenceNodeArgs } from '../../framework/target/reference-bundle.ts';

const ROOT = resolve(import.meta.dirname, '../..');

describe('referenceNodeArgs', () => {
  const empty = mkdtempSync(join(tmpdir(), 'gp-bundle-'));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it('gives one bundled file per set of sources, the same file on the next call', async () => {
    const first = await referenceNodeArgs(ROOT, 'reference/main.ts');
    expect(first[0]).toBe('--enable-source-maps');
    expect(first[1]).toMatch(/node_modules\/\.cache\/golden-path\/reference-main-[0-9a-f]{16}\.mjs$/);
    expect(existsSync(first[1]!)).toBe(true);
    expect(await referenceNodeArgs(ROOT, 'reference/main.ts')).toEqual(first);
    const proxy = await referenceNodeArgs(ROOT, 'reference/proxy/main.ts');
    expect(proxy[1]).toMatch(/reference-proxy-main-[0-9a-f]{16}\.mjs$/);
  });

  it('runs the reference: the bundle starts a stack of two backend workers (cluster forks the bundle), which reports ready and stops when its stdin closes', async () => {
    const child = spawn(process.execPath, await referenceNodeArgs(ROOT, 'reference/main.ts'), {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        REF_EXIT_WITH_STDIN: '1',
        REF_AUTH_PORT: '0',
        REF_BACKEND_PORT: '0',
        REF_WORKERS: '2',
      },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let banner = '';
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      const ready = await new Promise<string>((resolveReady, reject) => {
        const timer = setTimeout(() => reject(new Error('no READY line within 20 s')), 20_000);
        createInterface({ input: child.stdout! }).on('line', (line) => {
          if (!line.startsWith('GOLDEN_PATH_REFERENCE_READY ')) return void (banner += `${line}\n`);
          clearTimeout(timer);
          resolveReady(line);
        });
      });
      expect(JSON.parse(ready.slice('GOLDEN_PATH_REFERENCE_READY '.length))).toMatchObject({
        wsUrl: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/),
      });
      expect(banner).toMatch(/2 backend workers/);
      child.stdin!.end();
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('runs the entry through tsx where there is nothing to bundle from', async () => {
    expect(await referenceNodeArgs(empty, 'reference/main.ts')).toEqual([
      '--import',
      'tsx',
      join(empty, 'reference/main.ts'),
    ]);
  });
});
