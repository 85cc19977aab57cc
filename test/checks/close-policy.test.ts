import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

interface Outcome {
  status: string;
  failureMessages: string[];
}

/** Runs the policy fixture file in its own vitest process (a test cannot watch itself fail) and returns each test's outcome. */
async function runPolicyFixture(): Promise<Map<string, Outcome>> {
  const child = spawn(
    process.execPath,
    [
      resolve(ROOT, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--config',
      'test/checks/support/close-policy.vitest.config.ts',
      '--root',
      ROOT,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, E2E_ENV: 'local', E2E_ENV_FILE: '', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  await new Promise((r) => child.once('exit', r));
  clearTimeout(timer);
  const report = JSON.parse(out.slice(out.indexOf('{'))) as {
    testResults: { assertionResults: ({ title: string } & Outcome)[] }[];
  };
  return new Map(report.testResults.flatMap((f) => f.assertionResults.map((a) => [a.title, a] as const)));
}

describe('the 1011 / 1006 close-code policy of the connect fixture', () => {
  it('fails the owning test with the timeline for 1011 or a cut without a close frame, and only then', async () => {
    const results = await runPolicyFixture();

    const closed1011 = results.get('server closes 1011');
    expect(closed1011?.status).toBe('failed');
    expect(closed1011?.failureMessages.join('\n')).toMatch(
      /close-code policy: .* was closed with 1011 \(internal error\) "internal error"/,
    );
    expect(closed1011?.failureMessages.join('\n')).toMatch(/Timeline of .*\n.*→ connect ws:\/\/127\.0\.0\.1/);

    const dropped = results.get('server drops TCP without a close frame');
    expect(dropped?.status).toBe('failed');
    expect(dropped?.failureMessages.join('\n')).toMatch(/lost its connection without a close frame \(1006\)/);

    expect(results.get('server closes 1011, and the test declared it')?.status).toBe('passed');
    expect(results.get('server closes 1000')?.status).toBe('passed');
    expect(results.get('client still open at the end of the test')?.status).toBe('passed');
  });
});
