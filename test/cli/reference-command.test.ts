import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from './support/run-cli.ts';

describe('golden-path reference', () => {
  it('starts the reference stack in the foreground, serves /health, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'reference'], {
      cwd: ROOT,
      env: { ...process.env, REF_VERSION: '9.9.9-cli' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const ready = await new Promise<{ backendUrl: string; authUrl: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no READY line within 20 s')), 20_000);
        createInterface({ input: child.stdout }).on('line', (line) => {
          if (!line.startsWith('GOLDEN_PATH_REFERENCE_READY ')) return;
          clearTimeout(timer);
          resolve(
            JSON.parse(line.slice('GOLDEN_PATH_REFERENCE_READY '.length)) as { backendUrl: string; authUrl: string },
          );
        });
        child.once('exit', (code) => reject(new Error(`exited ${code} before it was ready`)));
      });
      const res = await request(`${ready.backendUrl}/health`, { headersTimeout: 5000, bodyTimeout: 5000 });
      expect(res.statusCode).toBe(200);
      expect(await res.body.json()).toMatchObject({ status: 'ok', service: 'backend', version: '9.9.9-cli' });
    } finally {
      const exited =
        child.exitCode !== null
          ? Promise.resolve(child.exitCode)
          : new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      expect(await exited).toBe(0);
      clearTimeout(timer);
    }
  });
});
