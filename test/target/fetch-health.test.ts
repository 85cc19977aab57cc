import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { fetchHealth } from '../../framework/target/fetch-health.ts';
import { StepFailure } from '../../framework/target/preflight-network.ts';

const servers: Server[] = [];
afterAll(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

/** A backend on a free port that answers every request with `answer`; its base URL. */
async function backend(answer: RequestListener): Promise<string> {
  const server = createServer(answer);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('fetchHealth', () => {
  it('returns the JSON object the endpoint answers', async () => {
    const base = await backend((_req, res) => void res.end(JSON.stringify({ status: 'ok', version: '1.2' })));
    expect(await fetchHealth(base, '/health', 2000)).toEqual({ status: 'ok', version: '1.2' });
  });

  it.each<[string, RequestListener, RegExp]>([
    [
      '503',
      (_req, res) => void res.writeHead(503).end('draining'),
      /^HTTP status: GET http:\/\/127\.0\.0\.1:\d+\/health\/websocket answered 503 \(expected 200\): draining$/,
    ],
    [
      'HTML',
      (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>ok</h1>'),
      /^HTTP status: GET \S+ answered 200 but not a JSON object \(text\/html\): <h1>ok<\/h1>$/,
    ],
    ['silence', () => {}, /^HTTP: GET http:\/\/127\.0\.0\.1:\d+\/health\/websocket got no answer within 200 ms$/],
  ])(
    'an answer of %s throws a StepFailure that names the URL and what came back',
    async (_answer, handler, message) => {
      const read = fetchHealth(await backend(handler), '/health/websocket', 200);
      await expect(read).rejects.toBeInstanceOf(StepFailure);
      await expect(read).rejects.toThrow(message);
    },
  );
});
