import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { ChatClient } from '../../framework/client/chat-client.ts';
import { agUiContract } from '../../framework/contract/ag-ui.ts';
import { probeTransport } from '../../framework/target/transport-probe.ts';
import { login } from '../reference/support/reference-http.ts';
import { spawnReference } from '../reference/support/spawn-reference.ts';

// A backend that dies when it writes to a socket its client has left (crash_after_client_close):
// what only proves a connection is served must not leave a run behind, or it kills the server
// before the check meant to find that bug.
describe.concurrent('proving an AG-UI WebSocket is served leaves no run behind', () => {
  const env = { REF_DIALECT: 'ag_ui', REF_FAULTS: 'crash_after_client_close' };

  async function stillServing(ref: ReturnType<typeof spawnReference>, backendUrl: string): Promise<void> {
    await new Promise((r) => setTimeout(r, 500)); // far longer than what is left of a simple run
    expect(ref.child.exitCode).toBeNull();
    const res = await request(`${backendUrl}/health`);
    expect(res.statusCode).toBe(200);
    await res.body.dump();
  }

  it('the preflight probe waits for its run to end before it closes', async () => {
    const ref = spawnReference(env);
    try {
      const info = await ref.ready;
      const token = await login(info.authUrl);
      const probe = await probeTransport(
        { wsUrl: info.wsUrl, contract: agUiContract, token, handshakeTimeoutMs: 3000, eventTimeoutMs: 3000 },
        'header',
      );
      expect(probe).toMatchObject({ kind: 'ready', status: 101 });
      await stillServing(ref, info.backendUrl);
    } finally {
      await ref.stop();
    }
  });

  it('ChatClient.connect with proveReady waits for its run to end before it resolves', async () => {
    const ref = spawnReference(env);
    try {
      const info = await ref.ready;
      const token = await login(info.authUrl);
      const client = await ChatClient.connect({ url: info.wsUrl, contract: agUiContract, token, proveReady: true });
      expect(client.events.map((e) => e.type)).toContain(agUiContract.completionEvent);
      await client.close();
      await stillServing(ref, info.backendUrl);
    } finally {
      await ref.stop();
    }
  });
});
