import { describe, it } from 'vitest';
import { login } from './support/reference-http.ts';
import { runInput } from './support/agent-stream.ts';
import { spawnReference } from './support/spawn-reference.ts';
import { connect } from './support/ws-test-client.ts';

// Each test spawns its own process (~0.6 s of tsx start-up), so they run concurrently.
describe.concurrent('reference/main.ts as a process', () => {
  it('prints one READY line, serves, and stops cleanly on SIGTERM', async ({ expect }) => {
    const ref = spawnReference();
    const info = await ref.ready;
    expect(info.pid).toBe(ref.child.pid);
    expect(info.wsUrl).toBe(`${info.backendUrl.replace('http:', 'ws:')}/ws`);
    expect(ref.stdout().match(/GOLDEN_PATH_REFERENCE_READY/g)).toHaveLength(1);
    const client = await connect(info.wsUrl, { token: await login(info.authUrl) });
    const started = performance.now();
    ref.child.kill('SIGTERM');
    expect(await client.waitForClose()).toEqual({ code: 1001, reason: 'server shutting down' });
    expect(await ref.exited).toEqual({ code: 0, signal: null });
    expect(performance.now() - started).toBeLessThan(2_000);
    // Logs are JSON lines and never carry the token.
    const lines = ref.stderr().trim().split('\n');
    expect(lines.every((line) => typeof JSON.parse(line).level === 'string')).toBe(true);
    expect(ref.stderr()).not.toMatch(/eyJ/);
  });

  it('exits 2 with one clear line on bad config', async ({ expect }) => {
    const ref = spawnReference({ REF_FAULTS: 'bogus' });
    expect((await ref.exited).code).toBe(2);
    expect(ref.stderr()).toMatch(/^reference: REF_FAULTS: unknown fault "bogus" \(known: drop_event, /);
    expect(ref.stdout()).toBe('');
  });

  it('exits when stdin closes (REF_EXIT_WITH_STDIN=1), so it never outlives its parent', async ({ expect }) => {
    const ref = spawnReference({ REF_EXIT_WITH_STDIN: '1' });
    await ref.ready;
    ref.child.stdin?.end();
    expect(await ref.exited).toEqual({ code: 0, signal: null });
  });

  it('crash_after_client_close: a send after the client left kills the process with 1', async ({ expect }) => {
    const ref = spawnReference({ REF_FAULTS: 'crash_after_client_close', REF_STEP_MS: '30' });
    const info = await ref.ready;
    const client = await connect(info.wsUrl, { token: await login(info.authUrl) });
    client.send({ type: 'user_message', id: 'm', content: 'Paris' });
    await client.waitFor((f) => f.type === 'agent_started');
    await client.close();
    expect((await ref.exited).code).toBe(1);
    expect(ref.stderr()).toContain('send after close');
  });

  it('crash_after_client_close, ag_ui over WebSocket: the run outlives its socket and crashes', async ({ expect }) => {
    // A long wait after RUN_STARTED: the close lands while the run is silent, not between two steps.
    const ref = spawnReference({
      REF_FAULTS: 'crash_after_client_close',
      REF_DIALECT: 'ag_ui',
      REF_KEEPALIVE_MS: '5000',
    });
    try {
      const info = await ref.ready;
      const client = await connect(info.wsUrl, { token: await login(info.authUrl) });
      client.send(runInput('long:600', { threadId: 'thread_ws', runId: 'run_crash' }));
      await client.waitFor((f) => f.type === 'RUN_STARTED');
      await client.close();
      const exited = await Promise.race([ref.exited, new Promise((r) => setTimeout(() => r('still running'), 5_000))]);
      expect(exited).toMatchObject({ code: 1 });
      expect(ref.stderr()).toContain('send after close');
    } finally {
      await ref.stop();
    }
  });

  it('REF_WORKERS=2: one READY line once both workers listen, runs served, clean stop', async ({ expect }) => {
    const ref = spawnReference({ REF_WORKERS: '2' });
    const info = await ref.ready;
    const token = await login(info.authUrl);
    for (let i = 0; i < 2; i++) {
      const client = await connect(info.wsUrl, { token });
      client.send({ type: 'user_message', id: `m${i}`, content: 'Lisbon' });
      await client.waitFor((f) => f.type === 'agent_completed');
      await client.close();
    }
    ref.child.kill('SIGTERM');
    expect(await ref.exited).toEqual({ code: 0, signal: null });
    expect(new Set(ref.stderr().match(/"worker":\d+/g))).toEqual(new Set(['"worker":1', '"worker":2']));
  });
});
