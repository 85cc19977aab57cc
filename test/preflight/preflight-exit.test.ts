import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closedPort, healthyButNoUpgrade, plainServer } from './support.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** Runs `npm run e2e` the way a user does (one suite), with `env`; resolves with what they would see. */
function runE2e(
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string; stdout: string; ms: number }> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'e2e', 'suites/preflight.e2e.ts'],
    {
      cwd: ROOT,
      env: { ...process.env, E2E_ENV: 'local', E2E_ENV_FILE: '', FORCE_COLOR: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((r) =>
    child.once('exit', (code) => (clearTimeout(timer), r({ code, stderr, stdout, ms: Date.now() - started }))),
  );
}

function expectStoppedWith(result: Awaited<ReturnType<typeof runE2e>>, diagnosis: RegExp): void {
  expect(result.code, result.stderr + result.stdout).toBe(2);
  const lines = result.stderr.split('\n').filter((l) => l.startsWith('golden-path: preflight failed: '));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(diagnosis);
  expect(result.stdout).not.toMatch(/Test Files/);
  const took = /preflight failed in (\d+) ms/.exec(result.stderr);
  expect(Number(took?.[1])).toBeLessThan(10_000);
}

describe('a failed preflight stops the run with exit 2 and one diagnosis', () => {
  it('remote target on a closed port: connection refused, within 10 s', async () => {
    const port = await closedPort();
    const result = await runE2e({
      E2E_TARGET: 'remote',
      E2E_BACKEND_URL: `http://127.0.0.1:${port}`,
      E2E_WS_URL: `ws://127.0.0.1:${port}/ws`,
    });
    expectStoppedWith(result, new RegExp(`connection refused: 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`));
    expect(result.ms).toBeLessThan(10_000);
  });

  it('remote target behind a plain HTTP server that does not upgrade: proxy answered without Upgrade, within 10 s', async () => {
    const plain = await plainServer(healthyButNoUpgrade);
    try {
      const result = await runE2e({
        E2E_TARGET: 'remote',
        E2E_BACKEND_URL: plain.url,
        E2E_WS_URL: `${plain.url.replace('http', 'ws')}/ws`,
      });
      expectStoppedWith(result, /proxy answered without Upgrade: GET \/ws with Upgrade: websocket got HTTP 200/);
      expect(result.ms).toBeLessThan(10_000);
    } finally {
      await plain.close();
    }
  });

  it('local stack serving a stale version: target serves version X, expected Y', async () => {
    const result = await runE2e({ REF_FAULTS: 'report_version:0.0.9', E2E_EXPECT_VERSION: '0.1.0' });
    expectStoppedWith(result, /target serves version 0\.0\.9, expected 0\.1\.0/);
  });
});
