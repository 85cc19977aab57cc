import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { PROJECT_ROOT } from '../../framework/config/load-config.ts';
import { startLocalStack } from '../../framework/target/local-stack.ts';
import { tmpdir } from 'node:os';

import { alive, waitUntil } from './support/process-watch.ts';

describe('local stack', () => {
  it('starts on free loopback ports, answers health, and stops', async () => {
    const stack = await startLocalStack({
      root: PROJECT_ROOT,
      env: {},
      logFile: join(tmpdir(), `gp-ref-${process.pid}.log`),
    });
    expect(stack.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/);
    const res = await request(`${stack.backendUrl}/health`);
    expect(await res.body.json()).toMatchObject({ status: 'ok', service: 'backend' });
    await stack.stop();
    expect(alive(stack.pid)).toBe(false);
  });

  it("an unknown fault stops the start with the reference's own message", async () => {
    const error = await startLocalStack({
      root: PROJECT_ROOT,
      env: { REF_FAULTS: 'no_such_fault' },
      logFile: join(tmpdir(), `gp-ref-${process.pid}.log`),
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/exited \(code 2\) before it was ready: .*REF_FAULTS.*no_such_fault/);
  });

  it('leaves no orphan when the harness process is killed outright', async () => {
    // A harness process that starts the stack, prints the stack's pid, then waits to be killed.
    const script = `import { startLocalStack } from ${JSON.stringify(join(PROJECT_ROOT, 'framework/target/local-stack.ts'))};
      const s = await startLocalStack({ root: ${JSON.stringify(PROJECT_ROOT)}, env: {}, logFile: ${JSON.stringify(join(tmpdir(), `gp-orphan-${process.pid}.log`))} });
      console.log('STACK_PID', s.pid); setInterval(() => {}, 1000);`;
    const harness = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const stackPid = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('harness did not start the stack in 20 s')), 20_000);
      createInterface({ input: harness.stdout! }).on('line', (line) => {
        if (line.startsWith('STACK_PID ')) (clearTimeout(timer), resolve(Number(line.slice(10))));
      });
    });
    expect(alive(stackPid)).toBe(true);
    harness.kill('SIGKILL');
    expect(await waitUntil(() => !alive(stackPid), 5000), `reference process ${stackPid} outlived its harness`).toBe(
      true,
    );
  });
});
