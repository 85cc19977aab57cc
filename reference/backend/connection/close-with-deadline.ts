import { WebSocket } from 'ws';

/** Starts a close handshake and destroys the socket if it has not finished within `deadlineMs`. */
export function closeWithDeadline(ws: WebSocket, code: number, reason: string, deadlineMs = 1_000): void {
  if (ws.readyState === WebSocket.CLOSED) return;
  if (ws.readyState === WebSocket.OPEN) ws.close(code, reason);
  const timer = setTimeout(() => ws.terminate(), deadlineMs);
  timer.unref();
  ws.once('close', () => clearTimeout(timer));
}
