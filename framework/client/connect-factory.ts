import type { E2eConfig } from '../config/config.ts';
import type { Contract } from '../contract/types.ts';
import type { TestAuth } from '../auth/test-auth.ts';
import type { ResolvedTarget } from '../target/resolved-target.ts';
import { throwIfBlocked, type Blocker } from '../target/blockers.ts';
import { ChatClient, type ConnectOptions } from './chat-client.ts';
import type { ClientError } from './errors.ts';

export type ConnectRequest = Partial<ConnectOptions> & {
  /** Whose token to present (index or user id); ignored when `token` is given. */
  user?: number | string;
};

export interface ConnectFactory {
  /** Opens a client with the target's defaults; it is closed after the test. */
  (request?: ConnectRequest): Promise<ChatClient>;
  /** Same, but a refused or failed handshake is returned instead of thrown. */
  attempt(request?: ConnectRequest): Promise<{ client: ChatClient; error?: ClientError }>;
  readonly clients: readonly ChatClient[];
}

/** A close the 1011 / 1006 policy does not allow: one sentence, and that connection's timeline. */
export interface CloseFinding {
  message: string;
  timeline: string;
}

/** A client factory that tracks what it made, so everything can be closed and judged after the test. */
export function createConnectFactory(deps: {
  config: E2eConfig;
  target: ResolvedTarget;
  contract: Contract;
  auth: TestAuth;
  /** Causes the preflight found: a connection that depends on one is not attempted (BlockedError). */
  blockers?: readonly Blocker[];
  onBlocked?: (blocker: Blocker) => void;
  /** Called instead of connecting when the run's transport is not a WebSocket: it skips the check as n.a. */
  unavailable?: () => never;
}): ConnectFactory & { closeAll(): Promise<CloseFinding[]> } {
  const clients: ChatClient[] = [];
  let count = 0;

  const options = async (request: ConnectRequest = {}): Promise<ConnectOptions> => {
    deps.unavailable?.();
    const user = request.user ?? 0;
    const token = 'token' in request ? request.token : await deps.auth.token(user);
    count += 1;
    const auth = request.auth ?? deps.config.authMode;
    const offered = request.subprotocols ?? (deps.contract.subprotocol ? [deps.contract.subprotocol] : []);
    const offersChat = deps.contract.subprotocol !== undefined && offered.includes(deps.contract.subprotocol);
    throwIfBlocked(
      deps.blockers,
      { transport: token === undefined || auth === 'none' ? undefined : auth, offersChat },
      deps.onBlocked,
    );
    return {
      url: deps.target.wsUrl,
      contract: deps.contract,
      auth: deps.config.authMode,
      handshakeTimeoutMs: deps.config.timeouts.handshakeMs,
      eventTimeoutMs: deps.config.timeouts.eventMs,
      runTimeoutMs: deps.config.timeouts.runMs,
      maxPayloadBytes: deps.config.maxPayloadBytes,
      label: `${typeof user === 'number' ? deps.auth.subject(user).id : user}#${count}`,
      ...request,
      ...(token !== undefined ? { token } : {}),
    };
  };
  const track = (client: ChatClient) => (clients.push(client), client);

  const connect = (async (request?: ConnectRequest) => {
    const opts = await options(request);
    try {
      return track(await ChatClient.connect(opts));
    } catch (error) {
      const client = (error as { client?: ChatClient }).client;
      if (client) track(client).expectClose(1006);
      throw error;
    }
  }) as ConnectFactory & { closeAll(): Promise<CloseFinding[]> };
  connect.attempt = async (request?: ConnectRequest) => {
    const result = await ChatClient.attempt(await options(request));
    if (result.error) result.client.expectClose(1006);
    track(result.client);
    return result;
  };
  Object.defineProperty(connect, 'clients', { get: () => clients });

  /** Closes every client; returns the policy violations: 1011, 1006 nobody expected, or bytes from the server the harness had to refuse. */
  connect.closeAll = async () => {
    const findings: CloseFinding[] = [];
    for (const client of clients) {
      const before = client.closeInfo;
      if (!before) await client.close(1000, 'test finished').catch(() => client.terminate());
      if (!before) continue;
      if (client.expectedCloses.has(before.code)) continue;
      const found = (message: string) => findings.push({ message, timeline: client.timeline.render() });
      if (client.fault) found(`${client.label}: ${client.fault.message}`);
      if (before.code === 1011) found(`${client.label} was closed with 1011 (internal error) "${before.reason}"`);
      if (before.code === 1006 && before.by === 'none')
        found(`${client.label} lost its connection without a close frame (1006)`);
    }
    return findings;
  };
  return connect;
}
