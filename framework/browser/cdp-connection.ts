import WebSocket from 'ws';
import { E2eError } from '../errors.ts';

type Listener = (params: Record<string, unknown>, sessionId: string | undefined) => void;

/**
 * A minimal Chrome DevTools Protocol client over `ws`: commands with timeouts, events by method
 * name. Every wait is bounded; a failure is an E2eError `E2E_BROWSER_FAILED` naming the method.
 */
export class CdpConnection {
  readonly #ws: WebSocket;
  readonly #pending = new Map<
    number,
    { method: string; resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();
  readonly #listeners = new Map<string, Set<Listener>>();
  #nextId = 1;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (data) => this.#onMessage(String(data)));
    ws.on('error', () => {}); // the close that follows rejects what is pending
    ws.on('close', () => {
      for (const p of this.#pending.values()) {
        clearTimeout(p.timer);
        p.reject(new E2eError('E2E_BROWSER_FAILED', `DevTools ${p.method}: the DevTools connection closed`));
      }
      this.#pending.clear();
    });
  }

  static connect(url: string, timeoutMs = 10_000): Promise<CdpConnection> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, {
        perMessageDeflate: false,
        handshakeTimeout: timeoutMs,
        maxPayload: 256 * 1024 * 1024,
      });
      ws.once('open', () => resolve(new CdpConnection(ws)));
      ws.once('error', (error) =>
        reject(new E2eError('E2E_BROWSER_FAILED', `DevTools at ${url}: ${error.message}`, { cause: error })),
      );
    });
  }

  /** Sends a command (to a page when `sessionId` is given) and resolves with its result. */
  send<T = Record<string, unknown>>(
    method: string,
    params: object = {},
    sessionId?: string,
    timeoutMs = 15_000,
  ): Promise<T> {
    if (this.#ws.readyState !== WebSocket.OPEN)
      return Promise.reject(
        new E2eError('E2E_BROWSER_FAILED', `DevTools ${method}: the DevTools connection is closed`),
      );
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new E2eError('E2E_BROWSER_FAILED', `DevTools ${method} got no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
      this.#ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  }

  /** Calls `listener` on every `method` event; returns what stops it. */
  on(method: string, listener: Listener): () => void {
    const set = this.#listeners.get(method) ?? new Set();
    set.add(listener);
    this.#listeners.set(method, set);
    return () => set.delete(listener);
  }

  /** Resolves on the next `method` event (optionally for one session), or rejects after `timeoutMs`. */
  waitFor(method: string, sessionId: string | undefined, timeoutMs = 15_000): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const off = this.on(method, (params, sid) => {
        if (sessionId && sid !== sessionId) return;
        clearTimeout(timer);
        off();
        resolve(params);
      });
      const timer = setTimeout(() => {
        off();
        reject(new E2eError('E2E_BROWSER_FAILED', `DevTools event ${method} did not come within ${timeoutMs} ms`));
      }, timeoutMs);
    });
  }

  close(): void {
    this.#ws.close();
  }

  #onMessage(text: string): void {
    const msg = JSON.parse(text) as {
      id?: number;
      result?: unknown;
      error?: { message: string };
      method?: string;
      params?: Record<string, unknown>;
      sessionId?: string;
    };
    if (msg.id !== undefined) {
      const p = this.#pending.get(msg.id);
      if (!p) return;
      this.#pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.error) p.reject(new E2eError('E2E_BROWSER_FAILED', `DevTools ${p.method}: ${msg.error.message}`));
      else p.resolve(msg.result);
      return;
    }
    if (msg.method) for (const l of [...(this.#listeners.get(msg.method) ?? [])]) l(msg.params ?? {}, msg.sessionId);
  }
}
