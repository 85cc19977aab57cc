import type { AuthMode } from '../config/config.ts';
import type { Contract } from '../contract/types.ts';
import { HandshakeError } from '../client/errors.ts';
import { redactor } from '../report/redactor.ts';
import { Opcode } from './frame.ts';
import type { RawConnection } from './raw-connection.ts';
import { rawHandshake, type HandshakeAnswer } from './raw-handshake.ts';
import type { HeaderChanges } from './raw-request.ts';
import { throwIfBlocked, type Blocker } from '../target/blockers.ts';

export interface RawRequest {
  token?: string;
  /** Where the token travels (default: the target's auth mode); `none` sends none. */
  auth?: AuthMode | 'none';
  /** Subprotocols offered before any token entry; default the contract's. `[]` offers none. */
  subprotocols?: string[];
  /** Header changes applied last: they win over the auth headers. */
  changes?: HeaderChanges;
  method?: string;
  /** Replaces the path of the target's WebSocket URL. */
  path?: string;
  label?: string;
  /** open(): wait for the contract's ready event (default true). */
  waitForReady?: boolean;
}

export interface RawFactory {
  /** Writes an opening handshake and returns what the server answered; the connection is closed after the test. */
  handshake(request?: RawRequest): Promise<HandshakeAnswer>;
  /** A handshake that must upgrade; waits for the ready event. Throws a HandshakeError otherwise. */
  open(request?: RawRequest): Promise<RawConnection>;
}

export interface RawFactoryDeps {
  wsUrl: string;
  contract: Contract;
  authMode: AuthMode;
  handshakeTimeoutMs: number;
  eventTimeoutMs: number;
  /** Causes the preflight found: a handshake carrying a token over a blocked route is not attempted. */
  blockers?: readonly Blocker[];
  onBlocked?: (blocker: Blocker) => void;
  /** Called instead of a handshake when the run's transport is not a WebSocket: it skips the check as n.a. */
  unavailable?: () => never;
}

/** A factory of raw connections that tracks each one, so all are dropped after the test. */
export function createRawFactory(deps: RawFactoryDeps): RawFactory & { closeAll(): void } {
  const open: RawConnection[] = [];
  let count = 0;

  const handshake = async (request: RawRequest = {}): Promise<HandshakeAnswer> => {
    deps.unavailable?.();
    count += 1;
    const offered = request.subprotocols ?? (deps.contract.subprotocol ? [deps.contract.subprotocol] : []);
    const transport = request.token && request.auth !== 'none' ? (request.auth ?? deps.authMode) : undefined;
    throwIfBlocked(
      deps.blockers,
      { transport, offersChat: deps.contract.subprotocol !== undefined && offered.includes(deps.contract.subprotocol) },
      deps.onBlocked,
    );
    const { url, changes } = withAuth(deps, request);
    const answer = await rawHandshake({
      url,
      changes,
      method: request.method ?? 'GET',
      timeoutMs: deps.handshakeTimeoutMs,
      label: request.label ?? `raw#${count}`,
    });
    if (answer.kind === 'upgraded') open.push(answer.connection);
    return answer;
  };

  const openReady = async (request: RawRequest = {}): Promise<RawConnection> => {
    const answer = await handshake(request);
    if (answer.kind !== 'upgraded') {
      const response =
        answer.kind === 'refused'
          ? { status: answer.head.status, body: answer.body, headers: Object.fromEntries(answer.head.headers) }
          : undefined;
      throw new HandshakeError(
        `${answer.timeline.label}: upgrade ${answer.kind === 'refused' ? `refused with HTTP ${answer.head.status}` : `failed: ${answer.detail}`}`,
        answer.timeline,
        response,
      );
    }
    const { connection } = answer;
    // A protocol with no ready event (AG-UI) is ready at the upgrade.
    if (request.waitForReady === false || deps.contract.readyEvent === undefined) return connection;
    await connection.waitForFrame(
      (f) =>
        f.opcode === Opcode.text && deps.contract.decode(f.payload.toString('utf8'))?.type === deps.contract.readyEvent,
      { timeoutMs: deps.eventTimeoutMs },
    );
    return connection;
  };

  return {
    handshake,
    open: openReady,
    closeAll: () => {
      for (const c of open.splice(0)) c.destroy();
    },
  };
}

function withAuth(deps: RawFactoryDeps, r: RawRequest): { url: string; changes: [string, string | undefined][] } {
  const url = new URL(deps.wsUrl);
  if (r.path !== undefined) url.pathname = r.path;
  const protocols = [...(r.subprotocols ?? (deps.contract.subprotocol ? [deps.contract.subprotocol] : []))];
  const auth = r.token ? (r.auth ?? deps.authMode) : 'none';
  const changes: [string, string | undefined][] = [];
  if (r.token) redactor.register(r.token);
  if (r.token && auth === 'header') changes.push(['Authorization', `Bearer ${r.token}`]);
  if (r.token && auth === 'subprotocol') {
    const entry = deps.contract.tokenSubprotocol(r.token);
    redactor.register(entry);
    protocols.push(entry);
  }
  if (r.token && auth === 'query') url.searchParams.set('token', r.token);
  if (protocols.length > 0) changes.push(['Sec-WebSocket-Protocol', protocols.join(', ')]);
  const extra: HeaderChanges = r.changes ?? {};
  changes.push(...(Array.isArray(extra) ? extra : Object.entries(extra)));
  return { url: url.toString(), changes };
}
