import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { checkGoldenPath } from '../framework/assertions/golden-path-rules.ts';
import { ChatClient } from '../framework/client/chat-client.ts';
import { agentChatContract as contract } from '../framework/contract/agent-chat.ts';

/** One connection speaking agent_chat, the same way for the harness and for the bare baseline. */
export interface Session {
  /** Frames received from the server so far (connection_established included). */
  readonly frames: number;
  /** Sends one user message; resolves when its run has completed (and was judged). */
  run(prompt: string): Promise<{ ok: boolean; completedAt: number }>;
  close(): Promise<void>;
}

export type ClientKind = 'harness' | 'bare';

export interface ConnectSpec {
  url: string;
  token: string;
  localAddress: string | undefined;
  timeoutMs: number;
}

/** Connects and waits for connection_established. */
export function connectSession(kind: ClientKind, spec: ConnectSpec): Promise<Session> {
  return kind === 'harness' ? harnessSession(spec) : bareSession(spec);
}

// The harness: ChatClient (timeline, redaction, waiters) and the golden-path rules on every run.
async function harnessSession(spec: ConnectSpec): Promise<Session> {
  const client = await ChatClient.connect({
    url: spec.url,
    contract,
    token: spec.token,
    auth: 'header',
    label: 'bench',
    handshakeTimeoutMs: spec.timeoutMs,
    eventTimeoutMs: spec.timeoutMs,
    runTimeoutMs: spec.timeoutMs,
    ...(spec.localAddress ? { localAddress: spec.localAddress } : {}),
  });
  return {
    get frames() {
      return client.events.length;
    },
    run: async (prompt) => {
      const run = await client.runToCompletion(prompt, { settleMs: 0 });
      const ok = run.outcome === 'completed' && checkGoldenPath(run, contract).length === 0;
      return { ok, completedAt: run.events.at(-1)?.at ?? performance.now() };
    },
    close: async () => void (await client.close()),
  };
}

const ORDER = contract.criticalEvents;
let nextId = 0;

// The baseline: bare `ws`, the same handshake and messages, only the work the protocol needs.
function bareSession(spec: ConnectSpec): Promise<Session> {
  const ws = new WebSocket(spec.url, ['agent_chat'], {
    headers: { Authorization: `Bearer ${spec.token}` },
    perMessageDeflate: false,
    handshakeTimeout: spec.timeoutMs,
    ...(spec.localAddress ? { localAddress: spec.localAddress } : {}),
  });
  ws.on('error', () => {}); // reported once through `reject` below; later errors end in 'close'
  const runs = new Map<string, { next: number; done: (r: { ok: boolean; completedAt: number }) => void }>();
  let frames = 0;
  const session: Session = {
    get frames() {
      return frames;
    },
    run: (prompt) =>
      new Promise((resolve) => {
        const id = `b${(nextId += 1)}`;
        const timer = setTimeout(
          () => (runs.delete(id), resolve({ ok: false, completedAt: performance.now() })),
          spec.timeoutMs,
        );
        runs.set(id, { next: 0, done: (r) => (clearTimeout(timer), runs.delete(id), resolve(r)) });
        ws.send(JSON.stringify({ type: 'user_message', id, content: prompt }));
      }),
    close: () =>
      new Promise((resolve) =>
        ws.readyState === WebSocket.CLOSED ? resolve() : (ws.once('close', () => resolve()), ws.close()),
      ),
  };
  return new Promise((resolve, reject) => {
    ws.on('message', (data) => {
      frames += 1;
      const m = JSON.parse(data.toString()) as { type: string; message_id?: string };
      if (m.type === 'connection_established') return resolve(session);
      const run = m.message_id === undefined ? undefined : runs.get(m.message_id);
      if (!run) return;
      if (m.type !== ORDER[run.next]) return run.done({ ok: false, completedAt: performance.now() });
      run.next += 1;
      if (run.next === ORDER.length) run.done({ ok: true, completedAt: performance.now() });
    });
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('close', () => reject(new Error('closed before connection_established')));
  });
}
