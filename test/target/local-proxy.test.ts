import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { request } from 'undici';
import { describe, expect, it, onTestFinished } from 'vitest';
import { WebSocket } from 'ws';
import { loadConfig, PROJECT_ROOT } from '../../framework/config/load-config.ts';
import { startLocalProxy } from '../../framework/target/local-stack.ts';
import { resolveTarget } from '../../framework/target/resolve-target.ts';
import { restartTarget } from '../../framework/target/target-control.ts';

import { alive, waitUntil } from './support/process-watch.ts';

/** The JSON of every `prefix` line in the target's log, oldest first. */
function readyLines<T>(logFile: string, prefix: string): T[] {
  const lines = readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith(`${prefix} `));
  return lines.map((line) => JSON.parse(line.slice(prefix.length + 1)) as T);
}

async function health(url: string): Promise<{ status: number; body: unknown }> {
  const res = await request(`${url}/health`);
  return { status: res.statusCode, body: await res.body.json() };
}

/** Logs in, opens the WebSocket with the token, and waits for connection_established. */
async function connectThrough(
  authUrl: string,
  wsUrl: string,
  user: { email: string; password: string },
): Promise<string> {
  const login = await request(`${authUrl}/auth/login`, {
    method: 'POST',
    body: JSON.stringify(user),
    headers: { 'content-type': 'application/json' },
  });
  const { access_token: token } = (await login.body.json()) as { access_token: string };
  const ws = new WebSocket(wsUrl, ['agent_chat'], {
    headers: { authorization: `Bearer ${token}` },
    handshakeTimeout: 5_000,
  });
  const first = await new Promise<{ type: string }>((resolve, reject) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString()) as { type: string }));
    ws.once('error', reject);
  });
  ws.close();
  return first.type;
}

describe('local target with REF_PROXY', () => {
  it("REF_PROXY=pass: the tests get the proxy's URLs, which serve the backend, across a restart; stop() ends both", async () => {
    const reportDir = mkdtempSync(join(tmpdir(), 'gp-proxy-target-'));
    onTestFinished(() => rmSync(reportDir, { recursive: true, force: true }));
    const config = loadConfig({ E2E_ENV: 'local', REF_PROXY: 'pass', E2E_REPORT_DIR: reportDir });
    const target = await resolveTarget(config);
    const { resolved } = target;
    let stopped = false;
    try {
      const stacks = () =>
        readyLines<{ authUrl: string; backendUrl: string; wsUrl: string; pid: number }>(
          resolved.logFile!,
          'GOLDEN_PATH_REFERENCE_READY',
        );
      // The log is written asynchronously: a READY line may reach the file a moment after it was read.
      expect(await waitUntil(() => stacks().length === 1, 5000)).toBe(true);
      const stack = stacks()[0]!;
      const proxies = () =>
        readyLines<{ url: string; upstream: string; mode: string; pid: number }>(
          resolved.logFile!,
          'GOLDEN_PATH_PROXY_READY',
        );
      expect(await waitUntil(() => proxies().length === 1, 5000)).toBe(true);
      const proxy = proxies()[0]!;
      expect(proxy).toMatchObject({ upstream: stack.backendUrl, mode: 'pass' });
      expect(resolved.backendUrl).toBe(proxy.url);
      expect(resolved.backendUrl).not.toBe(stack.backendUrl);
      expect(resolved.wsUrl).toBe(`${proxy.url.replace('http:', 'ws:')}/ws`);
      expect(resolved.authUrl).toBe(stack.authUrl);
      expect(await health(resolved.backendUrl)).toMatchObject({
        status: 200,
        body: { status: 'ok', service: 'backend' },
      });
      expect(await connectThrough(resolved.authUrl!, resolved.wsUrl, resolved.users[0]!)).toBe(
        'connection_established',
      );

      // The backend comes back on the same port, so the proxy keeps serving without a restart of its own.
      await restartTarget(resolved, 30_000);
      expect(await waitUntil(() => stacks().length === 2, 5000)).toBe(true);
      const restarted = stacks()[1]!;
      expect(restarted.pid).not.toBe(stack.pid);
      expect(restarted.backendUrl).toBe(stack.backendUrl);
      expect(alive(proxy.pid)).toBe(true);
      expect(await health(resolved.backendUrl)).toMatchObject({ status: 200, body: { service: 'backend' } });
      expect(await connectThrough(resolved.authUrl!, resolved.wsUrl, resolved.users[0]!)).toBe(
        'connection_established',
      );

      await target.stop();
      stopped = true;
      expect(alive(proxy.pid)).toBe(false);
      expect(alive(restarted.pid)).toBe(false);
    } finally {
      if (!stopped) await target.stop();
    }
  });

  it('a proxy that cannot start is E2E_TARGET_START_FAILED naming REF_PROXY', async () => {
    const logFile = join(tmpdir(), `gp-proxy-${process.pid}.log`);
    onTestFinished(() => rmSync(logFile, { force: true }));
    const upstream = { backendUrl: 'http://127.0.0.1:1', wsUrl: 'ws://127.0.0.1:1/ws' };
    const error = await startLocalProxy({ root: PROJECT_ROOT, mode: 'idle_cut', upstream, logFile }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'E2E_TARGET_START_FAILED' });
    expect((error as Error).message).toMatch(
      /^reference proxy \(REF_PROXY=idle_cut\) exited \(code 2\) before it was ready: reference proxy: REF_PROXY: idle_cut needs a time in ms/,
    );
  });

  it('leaves no proxy behind when the harness process is killed outright', async () => {
    const logFile = join(tmpdir(), `gp-proxy-orphan-${process.pid}.log`);
    onTestFinished(() => rmSync(logFile, { force: true }));
    const script = `import { startLocalProxy } from ${JSON.stringify(join(PROJECT_ROOT, 'framework/target/local-stack.ts'))};
      const p = await startLocalProxy({ root: ${JSON.stringify(PROJECT_ROOT)}, mode: 'pass', upstream: { backendUrl: 'http://127.0.0.1:1', wsUrl: 'ws://127.0.0.1:1/ws' }, logFile: ${JSON.stringify(logFile)} });
      console.log('PROXY_PID', p.pid); setInterval(() => {}, 1000);`;
    const harness = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const proxyPid = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('harness did not start the proxy in 20 s')), 20_000);
      createInterface({ input: harness.stdout! }).on('line', (line) => {
        if (line.startsWith('PROXY_PID ')) (clearTimeout(timer), resolve(Number(line.slice(10))));
      });
    });
    expect(alive(proxyPid)).toBe(true);
    harness.kill('SIGKILL');
    expect(await waitUntil(() => !alive(proxyPid), 5000), `proxy process ${proxyPid} outlived its harness`).toBe(true);
  });
});
