import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { checkGoldenPath } from '../../framework/assertions/golden-path-rules.ts';
import { ChatClient } from '../../framework/client/chat-client.ts';
import { Backoff } from '../../framework/client/backoff.ts';
import { ReconnectingClient, type ReconnectClock } from '../../framework/client/reconnecting-client.ts';
import { agentChatContract as contract } from '../../framework/contract/agent-chat.ts';
import { auditDelivery } from '../../framework/diagnosis/delivery-audit.ts';
import type { E2eError } from '../../framework/errors.ts';
import { withReference } from './support/reference.ts';

const LONG = 'Think long:300 about the weather in Paris.';

describe('ReconnectingClient against the reference backend', () => {
  it('after a drop mid-run, reconnects, resumes after the last seq seen and gets every event exactly once', async () => {
    await withReference({}, async ({ dial }) => {
      const rc = await ReconnectingClient.open({
        dial: () => dial(),
        contract,
        backoff: { initialMs: 20, maxMs: 100 },
      });
      const id = rc.sendUserMessage(LONG);
      await rc.current.waitFor((e) => e.messageId === id && e.type === 'agent_thinking');
      const seenBeforeDrop = Math.max(...rc.current.events.filter((e) => e.messageId === id).map((e) => e.seq ?? 0));
      rc.drop();

      const run = await rc.waitForRun(id, { eventTimeoutMs: 2000, runTimeoutMs: 5000 });
      expect(run.outcome, run.detail).toBe('completed');
      expect(rc.connections).toHaveLength(2);
      expect(rc.reconnects[0]?.closed).toMatchObject({ code: 1006, by: 'none' });
      expect(rc.reconnects[0]?.resumed).toEqual([
        expect.objectContaining({ runId: run.runId, afterSeq: seenBeforeDrop }),
      ]);
      expect(auditDelivery(rc.ledger.deliveries(id), rc.ledger.resumes).findings).toEqual([]);
      expect(checkGoldenPath(run, contract)).toEqual([]);
      expect(rc.describe()).toMatch(
        /alice#1 closed 1006 \(no close frame\) after \d+ ms open\n.*attempts after backoff: \d+ ms ✓\n.*→ alice#2 after \d+ ms; resume run_\w+ after_seq \d/,
      );
      await rc.close();
    });
  });

  it('a resume that loses an event: the audit names the lost seq and the resume it belonged to', async () => {
    await withReference({ REF_FAULTS: 'resume_loses_event' }, async ({ dial }) => {
      // The first reconnect waits 800 ms (random fixed at its top), longer than the run's 300 ms
      // wait: the server finishes the run meanwhile, so the resume has a replay to make, and the
      // fault loses the first event of that replay, the one right after the last seq seen.
      const backoff = new Backoff({ initialMs: 800, maxMs: 1000 }, () => 0.999);
      const rc = await ReconnectingClient.open({ dial: () => dial(), contract, backoff });
      const id = rc.sendUserMessage(LONG);
      await rc.current.waitFor((e) => e.messageId === id && e.type === 'agent_thinking');
      rc.drop();
      await rc.waitForRun(id, { eventTimeoutMs: 2000, runTimeoutMs: 5000 });
      const audit = auditDelivery(rc.ledger.deliveries(id), rc.ledger.resumes);
      const afterSeq = rc.ledger.resumes[0]!.afterSeq;
      expect(audit.findings).toEqual([
        {
          kind: 'lost',
          seq: afterSeq + 1,
          message: `seq ${afterSeq + 1} never arrived on any connection (lost) — it belonged in the replay of resume after_seq ${afterSeq} on alice#2`,
        },
      ]);
      await rc.close();
    });
  });

  it('a resume answered with 1011 every time (close_1011_on_resume): stops at the attempt cap and says so', async () => {
    await withReference({ REF_FAULTS: 'close_1011_on_resume' }, async ({ dial, clients }) => {
      const rc = await ReconnectingClient.open({
        dial: () => dial(),
        contract,
        backoff: { initialMs: 5, maxMs: 20, maxAttempts: 3 },
      });
      const id = rc.sendUserMessage(LONG);
      await rc.current.waitFor((e) => e.messageId === id && e.type === 'agent_thinking');
      rc.drop();
      const run = await rc.waitForRun(id, { eventTimeoutMs: 2000, runTimeoutMs: 5000 });
      expect(clients).toHaveLength(4);
      expect(run.detail).toMatch(
        /gave up after 3 attempt\(s\) in \d+ ms \(the cap of 3\): 3 connection\(s\) closed before holding 5000 ms \(1011 "internal error" in answer to resume ×3; open \d+ ms at most\)$/,
      );
      await rc.close();
    });
  });

  it("a refused resume ends the run with the server's error instead of waiting for events", async () => {
    await withReference({}, async ({ dial }) => {
      // The second dial presents another user's token: the server must refuse alice's run to bob.
      let dials = 0;
      const rc = await ReconnectingClient.open({
        dial: () => dial(dials++ === 0 ? 'alice' : 'bob'),
        contract,
        backoff: { initialMs: 5, maxMs: 10 },
      });
      const id = rc.sendUserMessage(LONG);
      await rc.current.waitFor((e) => e.messageId === id);
      rc.drop();
      const run = await rc.waitForRun(id, { eventTimeoutMs: 2000, runTimeoutMs: 5000 });
      expect(run.outcome).toBe('stalled');
      expect(run.detail).toMatch(/^the server refused resume of run_\w+ after_seq \d+: error forbidden$/);
      expect(run.events.at(-1)).toMatchObject({ type: 'error', code: 'forbidden' });
      expect(checkGoldenPath(run, contract).map((v) => v.rule)).toContain('error_event');
      await rc.close();
    });
  });
});

describe('ReconnectingClient when the server does not come back', () => {
  it('retries on the backoff schedule, then gives up with E2E_RECONNECT_FAILED and the attempts named', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    wss.on('connection', (ws) =>
      ws.send(JSON.stringify({ type: 'connection_established', connection_id: 'c', user_id: 'u' })),
    );
    await new Promise((r) => wss.once('listening', r));
    const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws`;
    // A clock whose sleeps pass at once but count: the schedule is checked, not waited for.
    let now = 0;
    const slept: number[] = [];
    const clock: ReconnectClock = { now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms)) };
    const rc = await ReconnectingClient.open({
      dial: () => ChatClient.connect({ url, contract, label: `c${slept.length}`, handshakeTimeoutMs: 1000 }),
      contract,
      backoff: { initialMs: 100, maxMs: 1000 },
      withinMs: 2000,
      clock,
    });
    for (const ws of wss.clients) ws.terminate();
    await new Promise((r) => wss.close(r));
    await rc.current.waitForClose(2000);

    const error = await rc.connected(5000).catch((e: Error & { code?: string }) => e);
    expect(error).toMatchObject({ code: 'E2E_RECONNECT_FAILED' });
    expect((error as Error).message).toMatch(
      /^reconnecting: gave up after 4 attempt\(s\) in 14\d\d ms \(the next, 1000 ms later, would pass the 2000 ms limit\): 4 dial\(s\) failed \(handshake failed: connect ECONNREFUSED 127\.0\.0\.1:\d+ ×4\)$/,
    );
    expect((error as E2eError).evidence).toMatch(/^reconnecting reconnects:\n {2}c0 closed 1006/);
    expect(slept.slice(1)).toEqual([200, 400, 800]);
    expect(slept[0]).toBeGreaterThanOrEqual(0);
    expect(slept[0]).toBeLessThan(100);
    expect(rc.reconnects[0]?.attempts.every((a) => /ECONNREFUSED/.test(a.error ?? ''))).toBe(true);
    await rc.close();
  });

  it('starts the backoff over only after a connection held: it stayed up minUptimeMs or completed a run', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    const sockets: import('ws').WebSocket[] = [];
    wss.on('connection', (ws) => {
      sockets.push(ws);
      ws.send(JSON.stringify({ type: 'connection_established', connection_id: `c${sockets.length}`, user_id: 'u' }));
    });
    await new Promise((r) => wss.once('listening', r));
    const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws`;
    let now = 0;
    const slept: number[] = [];
    const clock: ReconnectClock = { now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms)) };
    const rc = await ReconnectingClient.open({
      dial: () => ChatClient.connect({ url, contract, label: `c${sockets.length + 1}`, handshakeTimeoutMs: 1000 }),
      contract,
      backoff: new Backoff({ initialMs: 100, maxMs: 1000 }, () => 0.5),
      withinMs: 60_000,
      minUptimeMs: 1000,
      clock,
    });
    const closeAndReconnect = async (before?: () => void) => {
      const current = rc.current;
      before?.();
      sockets.at(-1)!.close(1001, 'going away');
      await current.waitForClose(2000);
      await rc.connected(2000);
    };
    await closeAndReconnect(); // the first drop: a random delay
    await closeAndReconnect(); // closed at once: not held, the schedule goes on
    // A completed run on it: held (the event goes out before the close frame, on the same socket).
    await closeAndReconnect(() =>
      sockets.at(-1)!.send(JSON.stringify({ type: 'agent_completed', run_id: 'r', seq: 1, answer: 'ok' })),
    );
    await closeAndReconnect(() => (now += 1000)); // up for minUptimeMs: held
    expect(slept).toEqual([50, 200, 50, 50]);
    expect(rc.reconnects.map((r) => r.upMs)).toEqual([0, 0, 0, 1000]);
    await rc.close();
    await new Promise((r) => wss.close(r));
  });

  it('close() stops a reconnect in progress', async () => {
    await withReference({}, async ({ dial, clients }) => {
      const rc = await ReconnectingClient.open({
        dial: () => dial(),
        contract,
        backoff: { initialMs: 5_000, maxMs: 5_000 },
      });
      rc.drop();
      await rc.current.waitForClose(1000);
      await rc.close();
      expect(rc.reconnects[0]?.gaveUp).toBe('stopped by its owner');
      expect(clients).toHaveLength(1);
    });
  });
});
