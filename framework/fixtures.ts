import { test as base, inject } from 'vitest';
import { TestAuth } from './auth/test-auth.ts';
import { TokenFactory } from './auth/token-factory.ts';
import { createConnectFactory, type CloseFinding } from './client/connect-factory.ts';
import type { ChatClient } from './client/chat-client.ts';
import type { Contract } from './contract/types.ts';
import { loadConfig } from './config/load-config.ts';
import { loadContract } from './contract/load-contract.ts';
import { E2eError } from './errors.ts';
import { redactor } from './report/redactor.ts';
import { attach } from './report/records.ts';
import { runRecordsOf } from './report/run-record.ts';
import { createCheckRecorder } from './checks/check-recorder.ts';
import { readServerFacts } from './checks/server-facts.ts';
import { createRawFactory } from './raw/raw-factory.ts';
import './target/resolved-target.ts';
import { createChatFactory, sseEndpoint } from './client/chat-factory.ts';

/** Why a check that needs a WebSocket does not run over SSE. */
const WEBSOCKET_ONLY =
  'this check needs a WebSocket (frames, pings, close codes, a long-lived connection); ' +
  'E2E_TRANSPORT=sse sends each message as a POST answered with an event stream';

/**
 * The golden-path `test`: fixtures for the resolved target, its config and contract, tokens,
 * and a client factory whose clients are closed after each test. Any client closed with 1011,
 * or cut without a close frame, fails the test that owns it unless the test declared it.
 * The fixtures few files use (load, browser, reconnecting) import their code when a test first
 * asks for them: a worker that never runs one does not import it.
 */
export const test = base
  .extend('config', { scope: 'worker' }, () => loadConfig())
  .extend('target', { scope: 'worker' }, () => {
    const target = inject('target');
    for (const u of target.users) redactor.register(u.password);
    redactor.register(target.signingKey?.d);
    return target;
  })
  // Loaded as the worker starts: a contract module that cannot load stops every test with its error.
  .extend('contract', { scope: 'worker', auto: true }, ({ config }) => loadContract(config.contractModule))
  // Causes the preflight found (a header that does not arrive): the checks they explain say "blocked by".
  .extend('blockers', { scope: 'worker' }, () => inject('blockers') ?? [])
  .extend('tokens', { scope: 'worker' }, async ({ config, target }) =>
    target.signingKey
      ? TokenFactory.create({ signingKey: target.signingKey, issuer: config.issuer, audience: config.audience })
      : undefined,
  )
  .extend('auth', { scope: 'worker' }, ({ config, target, tokens }) => new TestAuth(target, config, tokens))
  .extend('connect', async ({ config, target, contract, auth, blockers, task, skip }, { onCleanup }) => {
    const factory = createConnectFactory({
      config,
      target,
      contract,
      auth,
      blockers,
      onBlocked: (b) => attach(task, 'blockedBy', [b.id]),
      ...(config.transport === 'sse' ? { unavailable: () => skip(`not applicable: ${WEBSOCKET_ONLY}`) } : {}),
    });
    onCleanup(() => closeAndReport(factory, contract, task));
    return factory;
  })
  // Clients on E2E_TRANSPORT: the checks that hold over a WebSocket and over SSE alike.
  .extend('chat', async ({ config, target, contract, auth, connect, task }, { onCleanup }) => {
    const factory = createChatFactory({
      config,
      contract,
      auth,
      connect,
      sseUrl: sseEndpoint(config, target.backendUrl),
    });
    // Over a WebSocket the clients are `connect`'s, closed and reported there.
    if (config.transport === 'sse') onCleanup(() => closeAndReport(factory, contract, task));
    return factory;
  })
  // Clients that reconnect with backoff and resume (RFC 6455 §7.2.3); stopped after the test, before `connect` closes their connections.
  .extend('reconnecting', async ({ connect, contract, config, task }, { onCleanup }) => {
    const { createReconnectingFactory } = await import('./client/reconnecting-factory.ts');
    const factory = createReconnectingFactory({ connect, contract, config, task });
    onCleanup(() => factory.closeAll());
    return factory;
  })
  // What /health/websocket states (limits, auth modes); checks that need a limit read it here.
  .extend('facts', { scope: 'worker' }, ({ config, target }) =>
    readServerFacts(target.backendUrl, config.timeouts.handshakeMs),
  )
  // Hand-built handshakes and frames for what `ws` will not send; every socket is dropped after the test.
  .extend('raw', ({ config, target, contract, blockers, task, skip }, { onCleanup }) => {
    const factory = createRawFactory({
      wsUrl: target.wsUrl,
      contract,
      authMode: config.authMode,
      blockers,
      onBlocked: (b) => attach(task, 'blockedBy', [b.id]),
      handshakeTimeoutMs: config.timeouts.handshakeMs,
      eventTimeoutMs: config.timeouts.eventMs,
      ...(config.transport === 'sse' ? { unavailable: () => skip(`not applicable: ${WEBSOCKET_ONLY}`) } : {}),
    });
    onCleanup(() => factory.closeAll());
    return factory;
  })
  // Headless Chromium, started when a test of the file first asks for a page; its process group is killed after the file.
  .extend('chromium', { scope: 'file' }, async ({}, { onCleanup }) => {
    const { createChromiumLauncher } = await import('./browser/chromium-launcher.ts');
    const launcher = createChromiumLauncher();
    onCleanup(() => launcher.close());
    return launcher;
  })
  // Pages in that browser, each served at an origin of the test's choosing; closed after the test.
  .extend('browser', async ({ chromium, config, skip }, { onCleanup }) => {
    if (config.transport === 'sse') skip(`not applicable: ${WEBSOCKET_ONLY}`);
    const { createBrowserPages } = await import('./browser/browser-pages.ts');
    const pages = createBrowserPages(chromium);
    onCleanup(() => pages.closeAll());
    return pages;
  })
  // Autobahn-style CheckRecords attached to the test; a failed check throws with its finding named.
  .extend('checks', ({ task, skip }) => createCheckRecorder(task, skip))
  // `await load('closed')`: the env file's load run, judged, attached, written for the shard merge, asserted.
  .extend('load', async ({ task, config, target, contract, auth, blockers }) => {
    const { createLoadFixture } = await import('./load/load-fixture.ts');
    return createLoadFixture({ task, config, target, contract, auth, blockers });
  });

/**
 * Closes a factory's clients after the test: every run they collected goes to the report as a
 * timeline, passed or failed, and a close the policy does not allow (1011, an unexpected 1006) fails the test.
 */
async function closeAndReport(
  factory: { closeAll(): Promise<CloseFinding[]>; readonly clients: readonly Pick<ChatClient, 'runs' | 'closeInfo'>[] },
  contract: Contract,
  task: Parameters<typeof attach>[0],
): Promise<void> {
  const findings = await factory.closeAll();
  const runs = runRecordsOf(factory.clients, contract);
  if (runs.length > 0) attach(task, 'runs', runs);
  if (findings.length > 0) {
    throw new E2eError('E2E_UNEXPECTED_CLOSE', `close-code policy: ${findings.map((f) => f.message).join('; ')}`, {
      evidence: [...new Set(findings.map((f) => f.timeline))].join('\n\n'),
    });
  }
}

export { describe, expect, beforeAll, afterAll } from 'vitest';
