import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

/** A backend that starts runs but fails every `resume` with close 1011, as a crashing resume handler would. */
export interface Resume1011Server {
  readonly url: string;
  /** Upgrades accepted so far: the reconnects a client made, plus its first connection. */
  readonly connections: number;
  /** `resume` frames received (each answered with 1011). */
  readonly resumes: number;
  close(): Promise<void>;
}

/**
 * Speaks enough agent_chat to give a client a run worth resuming: the greeting, then for each
 * user message `agent_started` and one `agent_thinking`, after which the run never moves on.
 * Any `resume` closes the connection 1011 "internal error" at once.
 */
export async function startResume1011Server(): Promise<Resume1011Server> {
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (offered) => (offered.has('agent_chat') ? 'agent_chat' : false),
  });
  let connections = 0;
  let resumes = 0;
  let runs = 0;
  wss.on('connection', (ws) => {
    connections += 1;
    ws.send(
      JSON.stringify({ type: 'connection_established', connection_id: `conn_${connections}`, user_id: 'user_1' }),
    );
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type?: string; id?: string };
      if (frame.type === 'resume') {
        resumes += 1;
        ws.close(1011, 'internal error');
        return;
      }
      if (frame.type !== 'user_message') return;
      runs += 1;
      const run = { run_id: `run_${runs}`, thread_id: `thread_${runs}`, message_id: frame.id };
      ws.send(JSON.stringify({ type: 'agent_started', ...run, seq: 1 }));
      ws.send(JSON.stringify({ type: 'agent_thinking', ...run, seq: 2, text: 'thinking' }));
    });
  });
  await new Promise((resolve) => wss.once('listening', resolve));
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws`,
    get connections() {
      return connections;
    },
    get resumes() {
      return resumes;
    },
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
}
