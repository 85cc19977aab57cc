/** How a WHATWG WebSocket closed, as its close event says. */
export interface BrowserClose {
  code: number;
  reason: string;
  wasClean: boolean;
}

/** What the opening handshake looked like from the browser, where it can tell (Chromium through DevTools; undici cannot). */
export interface HandshakeSeen {
  /** The request headers as the browser sent them (its Origin among them). */
  requestHeaders?: Record<string, string>;
  /** The status of the server's answer: 101, or the refusal's. */
  status?: number;
}

/** What a browser-side WebSocket reports; each browser tells what it can. */
export interface BrowserSocketEvents {
  handshake(seen: HandshakeSeen): void;
  open(protocol: string): void;
  message(text: string): void;
  /** `detail`: what the browser said about it, where it said anything (Chromium's console line). */
  error(detail?: string): void;
  close(close: BrowserClose): void;
}

/** A WebSocket a browser opened: what a page script can do with it. */
export interface BrowserSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
}

/** Something that opens WebSockets the way a page does: it cannot set headers, only offer subprotocols. */
export interface BrowserClient {
  /** Who opens them, for timelines and findings, e.g. `headless Chromium (page at https://app.example.com)`. */
  readonly name: string;
  open(url: string, protocols: string[], on: BrowserSocketEvents): BrowserSocket;
}
