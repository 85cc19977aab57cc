import type { ServerResponse } from 'node:http';

/** Writes a JSON response; every reference endpoint answers JSON, errors included. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(payload);
}

export function sendNotFound(res: ServerResponse): void {
  sendJson(res, 404, { error: 'not_found' });
}

export function sendMethodNotAllowed(res: ServerResponse, allow: string): void {
  sendJson(res, 405, { error: 'method_not_allowed' }, { Allow: allow });
}
