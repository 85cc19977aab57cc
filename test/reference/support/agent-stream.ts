// A small client for POST /agent (the ag_ui dialect): the HTTP answer, and the SSE stream read as it comes.
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'undici';

export type AgUiFrame = Record<string, unknown> & { type: string };
export type SseItem =
  { readonly kind: 'event'; readonly event: AgUiFrame } | { readonly kind: 'comment'; readonly text: string };

export interface PostOptions {
  readonly token?: string;
  /** Appended to the URL, e.g. `token=...`. */
  readonly query?: string;
  readonly headers?: Record<string, string>;
}

export interface AgentAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The JSON body of a refusal; undefined for a 200. */
  readonly body: Record<string, unknown> | undefined;
  /** The event stream of a 200; undefined for a refusal. */
  readonly stream: AgentStream | undefined;
}

export interface AgentStream {
  /** Events and comments in arrival order. */
  readonly items: SseItem[];
  readonly events: AgUiFrame[];
  readonly comments: string[];
  /** Resolves with how the body ended: 'end' (the server ended it) or the error that cut it. */
  ended(timeoutMs?: number): Promise<'end' | Error>;
  isEnded(): boolean;
  /** Resolves with the first event (seen or future) matching; rejects after timeoutMs. */
  waitFor(match: (event: AgUiFrame) => boolean, timeoutMs?: number): Promise<AgUiFrame>;
  /** The same for events and comments: `index` is the item's place in `items`. */
  waitForItem(match: (item: SseItem, index: number) => boolean, timeoutMs?: number): Promise<SseItem>;
  /** Stops reading and drops the connection, as a client that goes away. */
  close(): void;
}

/** A RunAgentInput whose last user message is `prompt`. */
export function runInput(prompt: string, ids: { threadId?: string; runId?: string } = {}): Record<string, unknown> {
  return {
    threadId: ids.threadId ?? 'thread_test',
    runId: ids.runId ?? 'run_test',
    messages: [{ id: 'msg_user', role: 'user', content: prompt }],
    tools: [],
    context: [],
  };
}

/** POSTs `body` (a string is sent as is, anything else as JSON) to the backend's /agent. */
export async function postAgent(backendUrl: string, body: unknown, options: PostOptions = {}): Promise<AgentAnswer> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'text/event-stream',
    ...options.headers,
  };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  const url = `${backendUrl}/agent${options.query ? `?${options.query}` : ''}`;
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await request(url, { method: 'POST', headers, body: payload });
  if (res.statusCode !== 200) {
    const text = await res.body.text();
    return {
      status: res.statusCode,
      headers: res.headers,
      body: JSON.parse(text) as Record<string, unknown>,
      stream: undefined,
    };
  }
  return { status: 200, headers: res.headers, body: undefined, stream: readStream(res.body) };
}

function readStream(body: AsyncIterable<Buffer> & { destroy(): void }): AgentStream {
  const items: SseItem[] = [];
  const wakers = new Set<() => void>();
  let outcome: 'end' | Error | undefined;
  const wake = (): void => {
    for (const waker of [...wakers]) waker();
  };
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let boundary: number;
        while ((boundary = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          if (block.startsWith('data: ')) items.push({ kind: 'event', event: JSON.parse(block.slice(6)) as AgUiFrame });
          else if (block.startsWith(':')) items.push({ kind: 'comment', text: block });
          else throw new Error(`unexpected SSE block ${JSON.stringify(block)}`);
        }
        wake();
      }
      outcome = 'end';
    } catch (error) {
      outcome = error instanceof Error ? error : new Error(String(error));
    }
    wake();
  })();

  const events = (): AgUiFrame[] => items.flatMap((item) => (item.kind === 'event' ? [item.event] : []));
  const until = <T>(check: () => T | undefined, what: string, timeoutMs: number): Promise<T> =>
    new Promise((resolve, reject) => {
      const attempt = (): void => {
        const value = check();
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = JSON.stringify(events().map((e) => e.type));
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; events: ${seen}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        wakers.delete(attempt);
      };
      wakers.add(attempt);
      attempt();
    });
  return {
    items,
    get events() {
      return events();
    },
    get comments() {
      return items.flatMap((item) => (item.kind === 'comment' ? [item.text] : []));
    },
    ended: (timeoutMs = 3_000) => until(() => outcome, 'the end of the stream', timeoutMs),
    isEnded: () => outcome !== undefined,
    waitFor: (match, timeoutMs = 3_000) => until(() => events().find(match), 'a matching event', timeoutMs),
    waitForItem: (match, timeoutMs = 3_000) => until(() => items.find(match), 'a matching item', timeoutMs),
    close: () => body.destroy(),
  };
}
