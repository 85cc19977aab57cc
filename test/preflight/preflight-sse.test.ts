import { EventType } from '@ag-ui/core';
import { EventEncoder } from '@ag-ui/encoder';
import type { RequestListener } from 'node:http';
import { describe, expect, it } from 'vitest';
import { login } from '../../framework/auth/login.ts';
import { agUiContract as contract } from '../../framework/contract/ag-ui.ts';
import { renderPreflight, runPreflight, type TransportCheckOptions } from '../../framework/target/preflight.ts';
import { startReferenceStack } from '../../reference/index.ts';
import { plainServer } from './support.ts';

const names = (r: { steps: { name: string; ok: boolean }[] }) => r.steps.map((s) => `${s.ok ? '✓' : '✗'}${s.name}`);

const TOKEN = 'header.payload.signature-of-the-sse-preflight-test';

function transports(token: string): TransportCheckOptions {
  return {
    contract,
    token: async () => token,
    tokenSource: 'a test token',
    defaultTransport: 'header',
    eventTimeoutMs: 2000,
  };
}

/**
 * An agent reached only over SSE, as many are deployed: no /health, no WebSocket; POST /agent
 * answers a Bearer token it knows with a run, anything else with 401.
 */
const sseOnlyAgent: RequestListener = (req, res) => {
  if (req.method !== 'POST' || req.url !== '/agent') return void res.writeHead(404).end('not found');
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end('{"error":"unauthorized"}');
  const encoder = new EventEncoder();
  res.writeHead(200, { 'content-type': encoder.getContentType() });
  const ids = { threadId: 't1', runId: 'r1' };
  res.write(encoder.encode({ type: EventType.RUN_STARTED, ...ids }));
  res.end(encoder.encode({ type: EventType.RUN_FINISHED, ...ids }));
};

describe('preflight with E2E_TRANSPORT=sse: a run stream instead of the WebSocket steps', () => {
  it('the reference speaking AG-UI: /health, then one POSTed run that starts', async () => {
    const stack = await startReferenceStack({ env: { REF_DIALECT: 'ag_ui' }, log: false });
    try {
      const token = (await login(stack.authUrl, { email: 'alice@example.com', password: 'alice-password' })).token;
      const sseUrl = new URL('/agent', stack.backendUrl).href;
      const report = await runPreflight({
        backendUrl: stack.backendUrl,
        wsUrl: stack.wsUrl,
        sseUrl,
        transports: transports(token),
      });
      expect(report.ok, renderPreflight(report)).toBe(true);
      expect(names(report)).toEqual(['✓dns', '✓tcp', '✓health', '✓stream']);
      expect(report.steps.at(-1)?.detail).toMatch(
        /^HTTP 200 event stream, RUN_STARTED after \d+ ms, RUN_FINISHED after \d+ ms$/,
      );
      expect(renderPreflight(report)).not.toContain(token);
    } finally {
      await stack.close();
    }
  });

  it('an SSE-only agent without /health passes on its run stream; a refused token is the diagnosis', async () => {
    const agent = await plainServer(sseOnlyAgent);
    try {
      const base = { backendUrl: agent.url, wsUrl: '', sseUrl: `${agent.url}/agent` };
      const report = await runPreflight({ ...base, transports: transports(TOKEN) });
      expect(report.ok, renderPreflight(report)).toBe(true);
      expect(names(report)).toEqual(['✓dns', '✓tcp', '✓health', '✓stream']);
      expect(report.steps[2]?.detail).toMatch(/^no \/health \(404\): not required with E2E_TRANSPORT=sse/);

      const refused = await runPreflight({ ...base, transports: transports('another-token') });
      expect(names(refused)).toEqual(['✓dns', '✓tcp', '✓health', '✗stream']);
      expect(refused.diagnosis).toBe(
        `stream: a run POSTed to ${agent.url}/agent with a valid token (a test token, Authorization header) ` +
          'got HTTP 401, no RUN_STARTED',
      );

      // A version to check needs /health, whatever the transport.
      const versioned = await runPreflight({ ...base, expectVersion: '1.2.3', transports: transports(TOKEN) });
      expect(names(versioned)).toEqual(['✓dns', '✓tcp', '✗health']);
    } finally {
      await agent.close();
    }
  });
});
