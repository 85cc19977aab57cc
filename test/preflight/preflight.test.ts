import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PreflightError, renderPreflight, runPreflight } from '../../framework/target/preflight.ts';
import { startReferenceStack } from '../../reference/index.ts';
import { closedPort, healthyButNoUpgrade, plainServer } from './support.ts';
import { login } from '../../framework/auth/login.ts';
import { agentChatContract as contract } from '../../framework/contract/agent-chat.ts';

const names = (r: { steps: { name: string; ok: boolean }[] }) => r.steps.map((s) => `${s.ok ? '✓' : '✗'}${s.name}`);

describe('preflight against the reference backend', () => {
  it('cross-checks one valid token over each transport: a backend that ignores Authorization is one blocker, not a stop', async () => {
    const stack = await startReferenceStack({ env: { REF_FAULTS: 'ignore_auth_header' }, log: false });
    try {
      const token = (await login(stack.authUrl, { email: 'alice@example.com', password: 'alice-password' })).token;
      const report = await runPreflight({
        backendUrl: stack.backendUrl,
        wsUrl: stack.wsUrl,
        subprotocol: 'agent_chat',
        transports: {
          contract,
          token: async () => token,
          tokenSource: 'a login',
          defaultTransport: 'header',
          eventTimeoutMs: 3000,
        },
      });
      expect(report.ok, renderPreflight(report)).toBe(true);
      expect(report.probes.map((p) => `${p.transport}:${p.kind}`)).toEqual(['header:refused', 'subprotocol:ready']);
      expect(report.blockers.map((b) => b.id)).toEqual(['authorization_header']);
      expect(renderPreflight(report)).not.toContain(token);
    } finally {
      await stack.close();
    }
  });

  it('passes every step; a bare upgrade gets the auth refusal that proves upgrades reach the endpoint', async () => {
    const stack = await startReferenceStack({ env: { REF_VERSION: '1.4.2', REF_COMMIT: 'abc1234def' }, log: false });
    try {
      const report = await runPreflight({
        backendUrl: stack.backendUrl,
        wsUrl: stack.wsUrl,
        expectVersion: '1.4.2',
        expectCommit: 'abc1234',
      });
      expect(report.ok, renderPreflight(report)).toBe(true);
      expect(names(report)).toEqual(['✓dns', '✓tcp', '✓health', '✓version', '✓websocket_health', '✓upgrade']);
      expect(report.steps.find((s) => s.name === 'upgrade')?.detail).toMatch(/^HTTP 401 before the upgrade/);
      expect(report.steps.find((s) => s.name === 'version')?.detail).toBe(
        'serves the expected version 1.4.2 and commit abc1234def',
      );
    } finally {
      await stack.close();
    }
  });

  it('a stale build stops with "target serves version X, expected Y" (report_version fault)', async () => {
    const stack = await startReferenceStack({ env: { REF_FAULTS: 'report_version:0.0.9' }, log: false });
    try {
      const report = await runPreflight({ backendUrl: stack.backendUrl, wsUrl: stack.wsUrl, expectVersion: '0.1.0' });
      expect(report.ok).toBe(false);
      expect(report.diagnosis).toBe('target serves version 0.0.9, expected 0.1.0: a stale or wrong build is deployed');
      expect(names(report)).toEqual(['✓dns', '✓tcp', '✓health', '✗version']);
      expect(report.tookMs).toBeLessThan(10_000);
      expect(new PreflightError(report).message).toMatch(
        /^preflight failed: target serves version 0\.0\.9, expected 0\.1\.0.*\n.*✗ version/s,
      );
    } finally {
      await stack.close();
    }
  });

  it('a wrong commit names both commits', async () => {
    const stack = await startReferenceStack({ env: { REF_COMMIT: 'deadbeef' }, log: false });
    try {
      const report = await runPreflight({
        backendUrl: stack.backendUrl,
        wsUrl: stack.wsUrl,
        expectCommit: 'cafe123',
        versionOnly: true,
      });
      expect(report.diagnosis).toBe(
        'target serves commit deadbeef, expected cafe123: a stale or wrong build is deployed',
      );
      expect(names(report)).toEqual(['✓health', '✗version']);
    } finally {
      await stack.close();
    }
  });
});

describe('preflight diagnoses an unreachable or wrong target, each within 10 s', () => {
  it('a closed port: connection refused', async () => {
    const port = await closedPort();
    const report = await runPreflight({ backendUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/ws` });
    expect(report.diagnosis).toBe(`connection refused: 127.0.0.1:${port} (ECONNREFUSED): nothing listens there`);
    expect(names(report)).toEqual(['✓dns', '✗tcp']);
    expect(report.tookMs).toBeLessThan(10_000);
  });

  it('a plain HTTP server that does not upgrade: proxy answered without Upgrade', async () => {
    const plain = await plainServer(healthyButNoUpgrade);
    try {
      const report = await runPreflight({ backendUrl: plain.url, wsUrl: `${plain.url.replace('http', 'ws')}/ws` });
      expect(names(report)).toEqual(['✓dns', '✓tcp', '✓health', '✓websocket_health', '✗upgrade']);
      expect(report.diagnosis).toMatch(
        /^proxy answered without Upgrade: GET \/ws with Upgrade: websocket got HTTP 200 \(no Upgrade header\) instead of 101; .* — body: <html>welcome<\/html>$/,
      );
      expect(report.tookMs).toBeLessThan(10_000);
    } finally {
      await plain.close();
    }
  });

  it('a server without /health: HTTP status', async () => {
    const plain = await plainServer((_req, res) => res.writeHead(502).end('bad gateway'));
    try {
      const report = await runPreflight({ backendUrl: plain.url, wsUrl: `${plain.url.replace('http', 'ws')}/ws` });
      expect(report.diagnosis).toBe(`HTTP status: GET ${plain.url}/health answered 502 (expected 200): bad gateway`);
    } finally {
      await plain.close();
    }
  });

  it('a server that accepts TCP but never answers: the step times out within the budget', async () => {
    const plain = await plainServer(() => {});
    try {
      const report = await runPreflight({
        backendUrl: plain.url,
        wsUrl: `${plain.url.replace('http', 'ws')}/ws`,
        stepTimeoutMs: 300,
      });
      expect(report.diagnosis).toMatch(/health: .*\/health did not answer within 300 ms|got no answer within 300 ms/);
      expect(report.tookMs).toBeLessThan(2_000);
    } finally {
      await plain.close();
    }
  });

  it('a name that does not resolve: name not resolved', async () => {
    const report = await runPreflight({
      backendUrl: 'https://backend.golden-path.invalid',
      wsUrl: 'wss://backend.golden-path.invalid/ws',
      stepTimeoutMs: 3000,
    });
    expect(report.diagnosis).toMatch(/^name not resolved: backend\.golden-path\.invalid \(/);
    expect(report.tookMs).toBeLessThan(10_000);
  });

  it('a certificate the runner does not trust: TLS error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gp-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      const server = createServer(
        { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
        healthyButNoUpgrade,
      );
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as AddressInfo).port;
      try {
        const report = await runPreflight({
          backendUrl: `https://localhost:${port}`,
          wsUrl: `wss://localhost:${port}/ws`,
        });
        expect(names(report)).toEqual(['✓dns', '✓tcp', '✗tls']);
        expect(report.diagnosis).toMatch(
          new RegExp(`^TLS error: localhost:${port}: (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)`),
        );
      } finally {
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
