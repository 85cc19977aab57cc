// A tiny recording WebSocket client for the reference backend's own tests.
import type { IncomingMessage } from 'node:http';
import { WebSocket, type ClientOptions } from 'ws';

export type Frame = Record<string, unknown> & { type: string };

export interface ConnectOptions {
  readonly token?: string;
  readonly protocols?: string[];
  readonly headers?: Record<string, string>;
  readonly query?: string;
}

export interface TestClient {
  readonly ws: WebSocket;
  readonly frames: Frame[];
  readonly protocol: string;
  send(value: unknown): void;
  /** Resolves with the first frame (seen or future) matching; rejects after timeoutMs. */
  waitFor(match: (frame: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  waitForClose(timeoutMs?: number): Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export interface Refused {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
}

function clientOptions(options: ConnectOptions): ClientOptions {
  const headers = { ...options.headers };
  if (options.token) headers['Authorization'] = `Bearer ${options.token}`;
  return { headers, handshakeTimeout: 3_000 };
}

function url(wsUrl: string, options: ConnectOptions): string {
  return options.query ? `${wsUrl}?${options.query}` : wsUrl;
}

export function connect(wsUrl: string, options: ConnectOptions = {}): Promise<TestClient> {
  const ws = new WebSocket(url(wsUrl, options), options.protocols ?? [], clientOptions(options));
  const frames: Frame[] = [];
  const waiters = new Set<() => void>();
  let closed: { code: number; reason: string } | undefined;
  ws.on('message', (data) => {
    frames.push(JSON.parse(data.toString()) as Frame);
    for (const wake of waiters) wake();
  });
  ws.on('close', (code, reason) => {
    closed = { code, reason: reason.toString() };
    for (const wake of waiters) wake();
  });
  const until = <T>(check: () => T | undefined, what: string, timeoutMs: number): Promise<T> =>
    new Promise((resolve, reject) => {
      const attempt = (): boolean => {
        const value = check();
        if (value === undefined) return false;
        cleanup();
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for ${what}; frames: ${JSON.stringify(frames.map((f) => f.type))}`,
          ),
        );
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        waiters.delete(wake);
      };
      const wake = (): void => void attempt();
      if (!attempt()) waiters.add(wake);
    });
  const client: TestClient = {
    ws,
    frames,
    get protocol() {
      return ws.protocol;
    },
    send: (value) => ws.send(typeof value === 'string' ? value : JSON.stringify(value)),
    waitFor: (match, timeoutMs = 3_000) => until(() => frames.find(match), 'a matching frame', timeoutMs),
    waitForClose: (timeoutMs = 3_000) => until(() => closed, 'the close', timeoutMs),
    close: async () => {
      if (closed) return;
      ws.close(1000);
      await until(() => closed, 'the close', 3_000).catch(() => ws.terminate());
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`unexpected ${res.statusCode}`)));
  });
}

/** Opens a connection expected to be refused before the upgrade; returns the HTTP answer. */
export function connectRefused(wsUrl: string, options: ConnectOptions = {}): Promise<Refused> {
  const ws = new WebSocket(url(wsUrl, options), options.protocols ?? [], clientOptions(options));
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.terminate();
      reject(new Error('the connection was upgraded'));
    });
    ws.once('error', (error) => reject(error));
    ws.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        ws.terminate();
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        });
      });
    });
  });
}
