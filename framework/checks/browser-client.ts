import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { BrowserClient, BrowserSocket } from '../browser/browser-socket.ts';
import { undiciClient } from '../browser/undici-client.ts';
import type { ReceivedEvent } from '../client/chat-client.ts';
import { startedRun, type Run } from '../client/run.ts';
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
  /** Who opens the socket: undici's WHATWG `WebSocket` unless a real browser is given. */
  client?: BrowserClient;
}

export interface BrowserSession {
  /** Who opened the socket (the client's name). */
  client: string;
  /** The protocol the browser reports after the upgrade ('' if none). */
  protocol: string;
  /** The status of the handshake's answer, where the browser tells it (101 once open). */
  httpStatus: number | undefined;
  /** The handshake's request headers as the browser sent them, where it tells them (Chromium does). */
  requestHeaders: Record<string, string> | undefined;
  ready: ReceivedEvent | undefined;
  /** The golden-path run, once the connection was ready. */
  run: Run | undefined;
  /** Why the session stopped before a run, if it did. */
  failure: string | undefined;
  close: { code: number; reason: string; wasClean: boolean } | undefined;
  timeline: Timeline;
}

/**
 * The golden path as a browser walks it: a WebSocket API that cannot set headers, so the token
 * travels only in the subprotocol entry beside the contract's protocol. Never throws on what the
 * server does; the session says how far it got.
 */
export async function browserGoldenPath(o: BrowserSessionOptions): Promise<BrowserSession> {
  const client = o.client ?? undiciClient;
  const timeline = new Timeline(o.label ?? 'browser');
  const entry = o.contract.tokenSubprotocol(o.token);
  redactor.register(entry);
  const protocols = [...(o.contract.subprotocol ? [o.contract.subprotocol] : []), entry];
  timeline.add({ kind: 'connect', url: o.url, auth: `subprotocol (${client.name})`, protocols });
  const events: ReceivedEvent[] = [];
  const session: BrowserSession = {
    client: client.name,
    protocol: '',
    httpStatus: undefined,
    requestHeaders: undefined,
    ready: undefined,
    run: undefined,
    failure: undefined,
    close: undefined,
    timeline,
  };
  let opened = false;
  let lastError: string | undefined;
  const wakers = new Set<() => void>();
  const wake = () => wakers.forEach((w) => w());
  const until = (cond: () => boolean, ms: number) =>
    new Promise<boolean>((resolve) => {
      if (cond()) return resolve(true);
      const check = () => cond() && finish(true);
      const finish = (v: boolean) => (clearTimeout(timer), wakers.delete(check), resolve(v));
      const timer = setTimeout(() => finish(cond()), ms);
      wakers.add(check);
    });

  const socket = client.open(o.url, protocols, {
    handshake(seen) {
      if (seen.requestHeaders) {
        session.requestHeaders = seen.requestHeaders;
        const origin = header(seen.requestHeaders, 'origin');
        timeline.add({
          kind: 'note',
          message: `sent Origin: ${origin ?? '(none)'}, Sec-WebSocket-Protocol: ${header(seen.requestHeaders, 'sec-websocket-protocol') ?? '(none)'}`,
        });
      }
      if (seen.status === undefined) return;
      session.httpStatus = seen.status;
      if (seen.status !== 101) timeline.add({ kind: 'refused', status: seen.status, body: '' });
    },
    open(protocol) {
      opened = true;
      session.protocol = protocol;
      timeline.add({ kind: 'open', protocol, status: 101 });
      wake();
    },
    message(text) {
      const decoded = o.contract.decode(text);
      const event: ReceivedEvent = {
        ...(decoded ?? { type: '(not json)', raw: text }),
        at: performance.now(),
        index: events.length,
      };
      timeline.add({
        kind: 'in',
        type: event.type,
        size: text.length,
        text,
        ...(event.seq !== undefined ? { seq: event.seq } : {}),
      });
      events.push(event);
      wake();
    },
    error(detail) {
      lastError = detail ?? lastError;
      timeline.add({ kind: 'error', message: detail ?? `${client.name} reported an error` });
    },
    close(c) {
      session.close = c;
      timeline.add({ kind: 'close', code: c.code, reason: c.reason, by: c.wasClean ? 'server' : 'none' });
      wake();
    },
  });

  try {
    if (!(await until(() => opened || session.close !== undefined, o.handshakeTimeoutMs)) || !opened) {
      session.failure = session.close
        ? `the handshake failed (${session.httpStatus !== undefined ? `HTTP ${session.httpStatus}, ` : ''}close ${session.close.code})${lastError ? `: ${lastError}` : ''}`
        : `no upgrade within ${o.handshakeTimeoutMs} ms`;
      return session;
    }
    await until(
      () => events.some((e) => e.type === o.contract.readyEvent) || session.close !== undefined,
      o.eventTimeoutMs,
    );
    session.ready = events.find((e) => e.type === o.contract.readyEvent);
    if (!session.ready) {
      session.failure = `no ${o.contract.readyEvent} within ${o.eventTimeoutMs} ms`;
      return session;
    }
    session.run = await collect(socket, o, events, timeline, () => session.close !== undefined, until);
    return session;
  } finally {
    if (!session.close) {
      timeline.add({ kind: 'close', code: 1000, reason: 'test finished', by: 'client' });
      socket.close(1000, 'test finished');
    }
    await until(() => session.close !== undefined, 2000);
  }
}

function header(headers: Record<string, string>, name: string): string | undefined {
  return Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

async function collect(
  socket: BrowserSocket,
  o: BrowserSessionOptions,
  events: ReceivedEvent[],
  timeline: Timeline,
  closed: () => boolean,
  until: (c: () => boolean, ms: number) => Promise<boolean>,
): Promise<Run> {
  const messageId = `msg_${randomUUID()}`;
  const content = o.contract.prompts.simple;
  const text = o.contract.encodeUserMessage({ id: messageId, content });
  timeline.add({ kind: 'out', type: 'user message', size: text.length, text });
  const run = startedRun({ client: timeline.label, contract: o.contract, content, messageId });
  socket.send(text);
  const deadline = run.sentAt + o.runTimeoutMs;
  let cursor = events.length;
  for (;;) {
    const arrived = await until(
      () => events.length > cursor || closed(),
      Math.max(0, Math.min(o.eventTimeoutMs, deadline - performance.now())),
    );
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
    if (closed())
      Object.assign(run, {
        outcome: 'closed',
        detail: `connection closed after ${last?.type ?? 'no event of the run'}`,
      });
    else if (performance.now() >= deadline)
      Object.assign(run, { outcome: 'timeout', detail: `run did not complete within ${o.runTimeoutMs} ms` });
    else if (!arrived)
      Object.assign(run, {
        outcome: 'stalled',
        detail: `stalled after ${last?.type ?? 'sending the message'}: no event for ${o.eventTimeoutMs} ms`,
      });
    else continue;
    break;
  }
  run.timeline = timeline.render();
  return run;
}
