import { Agent, createServer } from 'node:http';
import type { Socket } from 'node:net';
import { closeServer, httpOrigin, listen } from '../http/listen.ts';
import type { Logger } from '../log/json-logger.ts';
import { forwardRequest } from './forward-request.ts';
import type { ProxyConfig } from './proxy-config.ts';
import { formatProxyMode } from './proxy-mode.ts';
import { relayUpgrade } from './relay-upgrade.ts';

export interface RunningProxy {
  /** The proxy's origin, e.g. http://127.0.0.1:4100; paths are the upstream's. */
  readonly url: string;
  /** Destroys every relayed socket and stops listening. */
  close(): Promise<void>;
}

/** Starts the reverse proxy in front of `config.upstream`, misbehaving as `config.mode` says. */
export async function startProxy(config: ProxyConfig, log: Logger): Promise<RunningProxy> {
  const { mode, upstream } = config;
  // One upstream connection per request, as nginx does by default: nothing pooled goes stale
  // while the backend restarts behind the proxy.
  const agent = new Agent({ keepAlive: false });
  const relayed = new Set<Socket>();
  const track = (socket: Socket): void => {
    relayed.add(socket);
    socket.once('close', () => relayed.delete(socket));
  };
  const server = createServer((req, res) =>
    forwardRequest(req, res, { upstream, mode, agent, timeoutMs: config.upstreamTimeoutMs, log }),
  );
  server.on('upgrade', (req, socket: Socket, head: Buffer) =>
    relayUpgrade(req, socket, head, { upstream, mode, connectTimeoutMs: config.upstreamTimeoutMs, log, track }),
  );
  const port = await listen(server, config.host, config.port);
  const url = httpOrigin(config.host, port);
  log.info('proxy listening', { url, upstream: upstream.origin, mode: formatProxyMode(mode) });
  return {
    url,
    close: async () => {
      for (const socket of relayed) socket.destroy();
      agent.destroy();
      await closeServer(server);
    },
  };
}
