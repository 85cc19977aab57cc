import { afterEach, describe, expect, it } from 'vitest';
import { agentChatContract as contract } from '../../framework/contract/agent-chat.ts';
import { renderPreflight, runPreflight, type PreflightOptions } from '../../framework/target/preflight.ts';
import { startHostileServer, type HostileServer } from './support/hostile-server.ts';

const servers: HostileServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function preflight(server: HostileServer, withToken: boolean): Promise<Awaited<ReturnType<typeof runPreflight>>> {
  servers.push(server);
  const options: PreflightOptions = { backendUrl: server.backendUrl, wsUrl: server.wsUrl, subprotocol: 'agent_chat' };
  if (withToken)
    options.transports = {
      contract,
      token: async () => 'a.valid.token',
      tokenSource: 'a test',
      defaultTransport: 'header',
      eventTimeoutMs: 5000,
    };
  return runPreflight(options);
}

describe('preflight against a target that answers 101 and then writes bytes that are not frames', () => {
  it('the bare upgrade reads the first frame and stops the run with the protocol error ws names', async () => {
    const report = await preflight(await startHostileServer('garbage_after_101'), false);

    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => `${s.ok ? '✓' : '✗'}${s.name}`).slice(-2)).toEqual([
      '✓websocket_health',
      '✗upgrade',
    ]);
    expect(report.diagnosis).toBe(
      `not WebSocket after the upgrade: GET /ws with Upgrade: websocket got 101, then bytes that are not WebSocket frames: Invalid WebSocket frame: RSV1 must be clear (WS_ERR_UNEXPECTED_RSV_1); they began "HTTP/1.1 502 Bad Gateway\\r\\nContent-Type: text/htm": something writes into the upgraded connection (a proxy's error page, or a server that does not speak WebSocket after the 101)`,
    );
    expect(report.tookMs).toBeLessThan(2000);
  });

  it('behind auth that comes first, the token probe names the same error at once instead of waiting for the ready event', async () => {
    const report = await preflight(await startHostileServer('garbage_after_101', { authBeforeUpgrade: true }), true);

    expect(report.steps.find((s) => s.name === 'upgrade')?.detail).toMatch(/^HTTP 401 before the upgrade/);
    expect(report.ok, renderPreflight(report)).toBe(false);
    expect(report.diagnosis).toMatch(
      /^the upgrade succeeded but the connection never became ready: 101, then no connection_established within 5000 ms/,
    );
    expect(report.diagnosis).toContain(
      'the server sent bytes that are not WebSocket frames (Invalid WebSocket frame: RSV1 must be clear, WS_ERR_UNEXPECTED_RSV_1)',
    );
    expect(report.tookMs).toBeLessThan(2000);
  });
});

describe('preflight against a target that sends a 100 MiB frame after its ready event', () => {
  it('sees the ready event that came in the same read as the frame header, and lets the run go on', async () => {
    const report = await preflight(await startHostileServer('huge_frame'), true);

    expect(report.ok, renderPreflight(report)).toBe(true);
    expect(report.steps.find((s) => s.name === 'upgrade')?.detail).toMatch(
      /^101 Switching Protocols, protocol agent_chat, then a text message of \d+ bytes$/,
    );
    expect(report.probes.map((p) => `${p.transport}:${p.kind}`)).toEqual(['header:ready']);
  });
});
