import type { E2eConfig } from '../config/config.ts';
import type { Contract } from '../contract/types.ts';
import type { TestAuth } from '../auth/test-auth.ts';
import type { ChatClient, CloseInfo } from './chat-client.ts';
import type { CloseFinding, ConnectFactory, ConnectRequest } from './connect-factory.ts';
import { SseChatClient } from './sse-client.ts';

/** Where runs are POSTed over SSE: E2E_SSE_URL, or the backend's /agent. */
export function sseEndpoint(config: Pick<E2eConfig, 'sseUrl'>, backendUrl: string): string {
  return config.sseUrl ?? new URL('/agent', backendUrl).href;
}

/** A client on the env file's transport: a WebSocket, or a POST per message answered with an event stream. */
export type RunClient = ChatClient | SseChatClient;

/** How a client's connection ended; over SSE, how its last stream that ended early did. */
export function endOf(client: RunClient): CloseInfo | undefined {
  return client instanceof SseChatClient ? client.streamEnds.at(-1) : client.closeInfo;
}

export interface ChatFactory {
  /** A client with the target's defaults on `E2E_TRANSPORT`; closed and judged after the test. */
  (request?: ConnectRequest): Promise<RunClient>;
  readonly clients: readonly RunClient[];
}

/**
 * Clients for the checks that hold on either transport (the golden path, load, isolation). Over
 * `ws` they are the `connect` fixture's; over `sse` each run is a POST to `sseUrl`, and a stream
 * cut before its run's last event, or answered 5xx, fails the test as a 1006 or a 1011 would.
 */
export function createChatFactory(deps: {
  config: E2eConfig;
  contract: Contract;
  auth: TestAuth;
  /** The WebSocket clients' factory, used as is over `ws`. */
  connect: ConnectFactory;
  /** Where runs are POSTed over `sse`. */
  sseUrl: string;
}): ChatFactory & { closeAll(): Promise<CloseFinding[]> } {
  const streams: SseChatClient[] = [];
  const sse = deps.config.transport === 'sse';
  let count = 0;

  const chat = (async (request: ConnectRequest = {}) => {
    if (!sse) return deps.connect(request);
    const user = request.user ?? 0;
    const token = 'token' in request ? request.token : await deps.auth.token(user);
    count += 1;
    const client = new SseChatClient({
      url: deps.sseUrl,
      contract: deps.contract,
      auth: request.auth ?? deps.config.authMode,
      handshakeTimeoutMs: deps.config.timeouts.handshakeMs,
      eventTimeoutMs: deps.config.timeouts.eventMs,
      runTimeoutMs: deps.config.timeouts.runMs,
      maxPayloadBytes: deps.config.maxPayloadBytes,
      label: `${typeof user === 'number' ? deps.auth.subject(user).id : user}#${count}`,
      ...(request.headers ? { headers: request.headers } : {}),
      ...(request.origin ? { origin: request.origin } : {}),
      ...(token !== undefined ? { token } : {}),
    });
    streams.push(client);
    return client;
  }) as ChatFactory & { closeAll(): Promise<CloseFinding[]> };
  Object.defineProperty(chat, 'clients', { get: () => (sse ? streams : deps.connect.clients) });

  /** Closes the SSE clients; returns each stream end the policy does not allow (`connect` judges the WebSocket ones). */
  chat.closeAll = async () => {
    const findings: CloseFinding[] = [];
    for (const client of streams) {
      await client.close();
      for (const end of client.streamEnds) {
        if (client.expectedCloses.has(end.code)) continue;
        if (end.code === 1011 || end.code === 1006)
          findings.push({
            message: `${client.label}: ${describeEnd(end.code)} (${end.reason})`,
            timeline: client.timeline.render(),
          });
      }
    }
    return findings;
  };
  return chat;
}

function describeEnd(code: number): string {
  return code === 1011
    ? 'a stream was answered with a server error (counted as 1011)'
    : 'a stream was cut before its run finished (counted as 1006)';
}
