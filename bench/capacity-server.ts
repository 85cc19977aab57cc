// The capacity server: `agent_chat` at the wire level and nothing else, in its own process, so
// that one core of it outruns one core of client and the bench measures the client. A token is
// read, not verified (its subject, once per token, then a lookup); each run is the reference's
// golden path for the bench's prompt, prebuilt, its five frames written in one corked burst.
// Started by bench-server.ts over IPC: it answers `{port}`, then `{cpuMs}` to each `cpu` request.
import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';

const REFUSED = 'HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';

// The frames the reference sends for the bench's prompt, with the message id and run id left open.
const SCRIPT: ((id: string, run: string) => string)[] = [
  (id, run) => `{"type":"agent_started","run_id":"${run}","thread_id":"t_${run}","seq":1,"message_id":${id}}`,
  (id, run) =>
    `{"text":"Looking up the weather for Paris.","type":"agent_thinking","run_id":"${run}","thread_id":"t_${run}","seq":2,"message_id":${id}}`,
  (id, run) =>
    `{"call_id":"call_${run}_1","tool":"get_weather","args":{"city":"Paris"},"type":"tool_executing","run_id":"${run}","thread_id":"t_${run}","seq":3,"message_id":${id}}`,
  (id, run) =>
    `{"call_id":"call_${run}_1","tool":"get_weather","result":{"city":"Paris","temperature_c":-1,"conditions":"cloudy"},"type":"tool_completed","run_id":"${run}","thread_id":"t_${run}","seq":4,"message_id":${id}}`,
  (id, run) =>
    `{"answer":"Paris: -1°C, cloudy.","type":"agent_completed","run_id":"${run}","thread_id":"t_${run}","seq":5,"message_id":${id}}`,
];

const subjects = new Map<string, string>();

/** The `sub` of a bearer JWT, decoded once per token; undefined when there is none to read. */
function subjectOf(authorization: string | undefined): string | undefined {
  if (!authorization?.startsWith('Bearer ')) return undefined;
  const token = authorization.slice(7);
  let sub = subjects.get(token);
  if (sub === undefined) {
    try {
      const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { sub?: unknown };
      if (typeof claims.sub !== 'string') return undefined;
      sub = claims.sub;
    } catch {
      return undefined;
    }
    subjects.set(token, sub);
  }
  return sub;
}

const wss = new WebSocketServer({
  noServer: true,
  clientTracking: false,
  perMessageDeflate: false,
  maxPayload: 64 * 1024,
  handleProtocols: (offered) => (offered.has('agent_chat') ? 'agent_chat' : false),
});
let connections = 0;

function serve(ws: WebSocket, socket: Duplex, user: string): void {
  const connection = (connections += 1);
  let runs = 0;
  ws.send(`{"type":"connection_established","connection_id":"c${connection}","user_id":${JSON.stringify(user)}}`);
  ws.on('message', (data) => {
    let id: unknown;
    try {
      id = (JSON.parse(data.toString()) as { id?: unknown }).id;
    } catch {
      return ws.send('{"type":"error","code":"invalid_json"}');
    }
    if (typeof id !== 'string') return ws.send('{"type":"error","code":"invalid_message"}');
    const run = `r${connection}_${(runs += 1)}`;
    const quoted = JSON.stringify(id);
    socket.cork();
    for (const frame of SCRIPT) ws.send(frame(quoted, run));
    socket.uncork();
  });
}

const server = createServer((_req, res) => void res.writeHead(404).end());
server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
  socket.on('error', () => socket.destroy());
  const user = subjectOf(req.headers.authorization);
  if (user === undefined) return void socket.end(REFUSED);
  wss.handleUpgrade(req, socket, head, (ws) => serve(ws, socket, user));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send!({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('message', (m: { type?: string }) => {
  if (m.type !== 'cpu') return;
  const { user, system } = process.cpuUsage();
  process.send!({ cpuMs: (user + system) / 1000 });
});
process.once('disconnect', () => process.exit(0));
