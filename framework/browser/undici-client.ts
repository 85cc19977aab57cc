import { WebSocket } from 'undici';
import type { BrowserClient } from './browser-socket.ts';

/** undici's WHATWG `WebSocket`: the browser's API in Node, standing in for a browser where none runs. */
export const undiciClient: BrowserClient = {
  name: 'a browser-style client (undici WebSocket)',
  open(url, protocols, on) {
    const ws = new WebSocket(url, protocols);
    ws.addEventListener('open', () => {
      on.handshake({ status: 101 });
      on.open(ws.protocol);
    });
    ws.addEventListener('message', (m) => on.message(typeof m.data === 'string' ? m.data : ''));
    ws.addEventListener('error', () => on.error());
    ws.addEventListener('close', (c) => on.close({ code: c.code, reason: c.reason, wasClean: c.wasClean }));
    return { send: (text) => ws.send(text), close: (code, reason) => ws.close(code, reason) };
  },
};
