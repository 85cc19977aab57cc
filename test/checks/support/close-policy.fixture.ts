// Run by test/checks/close-policy.test.ts in its own vitest process: each test here is judged
// by the connect fixture's close-code policy, and the outer test reads which ones failed.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { afterAll, test as base } from '../../../framework/index.ts';

const server = createServer();
const wss = new WebSocketServer({
  noServer: true,
  handleProtocols: (p) => (p.has('agent_chat') ? 'agent_chat' : false),
});
server.on('upgrade', (req, socket, head) =>
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.send(JSON.stringify({ type: 'connection_established', connection_id: 'c1', user_id: 'user_alice' }));
    ws.on('message', (data) => {
      const command = data.toString();
      if (command === 'close-1011') ws.close(1011, 'internal error');
      if (command === 'close-1000') ws.close(1000, 'bye');
      if (command === 'drop') ws.terminate();
    });
  }),
);
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const port = (server.address() as AddressInfo).port;
afterAll(async () => {
  for (const ws of wss.clients) ws.terminate();
  await new Promise((r) => server.close(r));
});

const test = base.override('target', {
  kind: 'remote',
  authUrl: undefined,
  backendUrl: `http://127.0.0.1:${port}`,
  wsUrl: `ws://127.0.0.1:${port}/ws`,
  signingKey: undefined,
  users: [],
  faults: '',
  logFile: undefined,
});

test('server closes 1011', async ({ connect }) => {
  const client = await connect({ token: 'policy.check.token' });
  client.send('close-1011');
  await client.waitForClose();
});

test('server closes 1011, and the test declared it', async ({ connect }) => {
  const client = await connect({ token: 'policy.check.token' });
  client.expectClose(1011);
  client.send('close-1011');
  await client.waitForClose();
});

test('server drops TCP without a close frame', async ({ connect }) => {
  const client = await connect({ token: 'policy.check.token' });
  client.send('drop');
  await client.waitForClose();
});

test('server closes 1000', async ({ connect }) => {
  const client = await connect({ token: 'policy.check.token' });
  client.send('close-1000');
  await client.waitForClose();
});

test('client still open at the end of the test', async ({ connect }) => {
  await connect({ token: 'policy.check.token' });
});
