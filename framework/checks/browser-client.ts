import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { WebSocket as WhatwgWebSocket } from 'undici';
import type { ReceivedEvent } from '../client/chat-client.ts';
import type { Run } from '../client/run.ts';
import { Timeline } from '../client/timeline.ts';
import type { Contract } from '../contract/types.ts';
import { redactor } from '../report/redactor.ts';

export interface BrowserSessionOptions {
  url: string;
  token: string;
  contract: Contract;
  handshakeTimeoutMs: number;
  eventTimeoutMs: number;
  runTimeoutMs: number;
  label?: string;
}

export interface BrowserSession {
  /** The protocol the WHATWG client reports after the upgrade ('' if none). */
  protocol: string;
  ready: ReceivedEvent | undefined;
  /** The golden-path run, once the connection was ready. */
  run: Run | undefined;
  /** Why the session stopped before a run, if it did. */
  failure: string | undefined;
  close: { code: number; reason: string; wasClean: boolean } | undefined;
  timeline: Timeline;
}

/**
 * The golden path as a browser would walk it: undici's WHATWG `WebSocket`, which cannot set
 * headers, so the token travels only in the subprotocol entry beside the contract's protocol.
 */
export async function browserGoldenPath(o: BrowserSessionOptions): Promise<BrowserSession> {
  const timeline = new Timeline(o.label ?? 'browser');
  const entry = o.contract.tokenSubprotocol(o.token);
  redactor.register(entry);
  const protocols = [...(o.contract.subprotocol ? [o.contract.subprotocol] : []), entry];
  timeline.add({ kind: 'connect', url: o.url, auth: 'subprotocol (WHATWG WebSocket)', protocols });
  const events: ReceivedEvent[] = [];
  const session: BrowserSession = { protocol: '', ready: undefined, run: undefined, failure: undefined, close: undefined, timeline };
  const wakers = new Set<() => void>();
  const wake = () => wakers.forEach((w) => w());
  const until = (cond: () => boolean, ms: number) => new Promise<boolean>((resolve) => {
    if (cond()) return resolve(true);
    const check = () => cond() && finish(true);
    const finish = (v: boolean) => (clearTimeout(timer), wakers.delete(check), resolve(v));
    const timer = setTimeout(() => finish(cond()), ms);
    wakers.add(check);
  });

  const ws = new WhatwgWebSocket(o.url, protocols);
  let opened = false;
  ws.addEventListener('open', () => {
    opened = true;
    session.protocol = ws.protocol;
    timeline.add({ kind: 'open', protocol: ws.protocol, status: 101 });
    wake();
  });
  ws.addEventListener('message', (m) => {
    const text = typeof m.data === 'string' ? m.data : '';
    const decoded = o.contract.decode(text);
    const event: ReceivedEvent = { ...(decoded ?? { type: '(not json)', raw: text }), at: performance.now(), index: events.length };
    timeline.add({ kind: 'in', type: event.type, size: text.length, text, ...(event.seq !== undefined ? { seq: event.seq } : {}) });
    events.push(event);
    wake();
  });
  ws.addEventListener('error', () => timeline.add({ kind: 'error', message: 'the WHATWG WebSocket reported an error' }));
  ws.addEventListener('close', (c) => {
    session.close = { code: c.code, reason: c.reason, wasClean: c.wasClean };
    timeline.add({ kind: 'close', code: c.code, reason: c.reason, by: c.wasClean ? 'server' : 'none' });
    wake();
  });

  try {
    if (!(await until(() => opened || session.close !== undefined, o.handshakeTimeoutMs)) || !opened) {
      session.failure = session.close ? `the handshake failed (close ${session.close.code})` : `no upgrade within ${o.handshakeTimeoutMs} ms`;
      return session;
    }
    await until(() => events.some((e) => e.type === o.contract.readyEvent) || session.close !== undefined, o.eventTimeoutMs);
    session.ready = events.find((e) => e.type === o.contract.readyEvent);
    if (!session.ready) {
      session.failure = `no ${o.contract.readyEvent} within ${o.eventTimeoutMs} ms`;
      return session;
    }
    session.run = await collect(ws, o, events, timeline, until);
    return session;
  } finally {
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) {
      timeline.add({ kind: 'close', code: 1000, reason: 'test finished', by: 'client' });
      ws.close(1000, 'test finished');
    }
    await until(() => session.close !== undefined, 2000);
  }
}

async function collect(ws: WhatwgWebSocket, o: BrowserSessionOptions, events: ReceivedEvent[], timeline: Timeline, until: (c: () => boolean, ms: number) => Promise<boolean>): Promise<Run> {
  const messageId = `msg_${randomUUID()}`;
  const content = o.contract.prompts.simple;
  const text = o.contract.encodeUserMessage({ id: messageId, content });
  timeline.add({ kind: 'out', type: 'user message', size: text.length, text });
  const run: Run = { client: timeline.label, content, messageId, runId: undefined, sentAt: performance.now(), events: [], outcome: 'timeout', detail: '', answer: undefined, timeline: '' };
  ws.send(text);
  const deadline = run.sentAt + o.runTimeoutMs;
  let cursor = events.length;
  for (;;) {
    const arrived = await until(() => events.length > cursor || ws.readyState === ws.CLOSED, Math.max(0, Math.min(o.eventTimeoutMs, deadline - performance.now())));
    for (; cursor < events.length; cursor++) {
      const e = events[cursor]!;
      if (e.messageId !== messageId && (run.runId === undefined || e.runId !== run.runId)) continue;
      run.runId ??= e.runId;
      run.events.push(e);
      if (e.type === o.contract.completionEvent) {
        run.outcome = 'completed';
        run.answer = e.answer;
      }
    }
    if (run.outcome === 'completed') break;
    const last = run.events.at(-1);
    if (ws.readyState === ws.CLOSED) Object.assign(run, { outcome: 'closed', detail: `connection closed after ${last?.type ?? 'no event of the run'}` });
    else if (performance.now() >= deadline) Object.assign(run, { outcome: 'timeout', detail: `run did not complete within ${o.runTimeoutMs} ms` });
    else if (!arrived) Object.assign(run, { outcome: 'stalled', detail: `stalled after ${last?.type ?? 'sending the message'}: no event for ${o.eventTimeoutMs} ms` });
    else continue;
    break;
  }
  run.timeline = timeline.render();
  return run;
}
