import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WebSocket, WebSocketServer } from 'ws';
import type { ReferenceConfig } from '../../config/reference-config.ts';
import { errorMessage, type Logger } from '../../log/json-logger.ts';
import type { ConnectionRegistry } from '../connection/connection-registry.ts';
import { authenticateUpgrade, type AuthMethod, type UpgradeAuthOptions } from './authenticate-upgrade.ts';
import { checkHandshakeShape } from './handshake-shape.ts';
import { isOriginAllowed } from './origin-policy.ts';
import { refuseUpgrade, type Refusal } from './refuse-upgrade.ts';
import type { VerifiedIdentity } from './token-verifier.ts';

export interface UpgradeHandlerDeps {
  readonly config: ReferenceConfig;
  readonly log: Logger;
  readonly wss: WebSocketServer;
  readonly registry: ConnectionRegistry;
  readonly auth: UpgradeAuthOptions;
  readonly isShuttingDown: () => boolean;
  readonly onUpgraded: (ws: WebSocket, identity: VerifiedIdentity, method: AuthMethod) => void;
}

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * The http server's 'upgrade' listener: path, handshake shape, Origin, auth, capacity, then
 * ws.handleUpgrade (auth_before_upgrade moves auth ahead of the shape). Every refusal is a real
 * HTTP response with a JSON body, before any 101.
 */
export function createUpgradeHandler(deps: UpgradeHandlerDeps): UpgradeHandler {
  return (req, socket, head) => {
    const onSocketError = (error: Error): void =>
      deps.log.warn('handshake socket error', { error: errorMessage(error) });
    socket.on('error', onSocketError);
    handle(deps, req, socket, head, onSocketError).catch((error: unknown) => {
      deps.log.error('upgrade failed', { error: errorMessage(error) });
      refuseUpgrade(socket, { status: 500, body: { error: 'internal_error' } });
    });
  };
}

async function handle(
  deps: UpgradeHandlerDeps,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  onSocketError: (error: Error) => void,
): Promise<void> {
  const { config, log } = deps;
  const { faults } = config;
  const refuse = (refusal: Refusal): void => {
    log.info('connection refused', {
      status: refusal.status,
      error: refusal.body['error'],
      detail: refusal.body['detail'],
      path: pathOf(req),
      remote: req.socket.remoteAddress,
    });
    refuseUpgrade(socket, refusal);
  };
  if (faults.slow_handshake) await sleep(faults.slow_handshake);
  if (socket.destroyed) return;
  if (deps.isShuttingDown()) return refuse({ status: 503, body: { error: 'shutting_down' } });
  if (pathOf(req) !== '/ws')
    return refuse({ status: 404, body: { error: 'not_found', detail: 'the WebSocket endpoint is /ws' } });
  // auth_before_upgrade: who is asking comes first, so even a malformed handshake without a token is a 401.
  const early = config.dialects.has('auth_before_upgrade') ? await authenticateUpgrade(req, deps.auth) : undefined;
  if (socket.destroyed) return;
  if (early && !early.ok && !upgradesBadToken(deps, early.refusal)) return refuse(early.refusal);
  const shapeProblem = checkHandshakeShape(req);
  if (shapeProblem) return refuse(shapeProblem);
  const checksOrigin = !faults.no_origin_check && !config.dialects.has('no_origin_allowlist');
  if (checksOrigin && !isOriginAllowed(req.headers.origin, config.allowedOrigins)) {
    return refuse({
      status: 403,
      body: { error: 'origin_not_allowed', detail: `origin ${JSON.stringify(req.headers.origin)} is not allowed` },
    });
  }
  const auth = early ?? (await authenticateUpgrade(req, deps.auth));
  if (socket.destroyed) return;
  if (!auth.ok) {
    if (!upgradesBadToken(deps, auth.refusal)) return refuse(auth.refusal);
    // The bug: accept first, complain later. The client sees 101 and then a 1008.
    socket.off('error', onSocketError);
    deps.wss.handleUpgrade(req, socket, head, (ws) => {
      log.warn('upgraded a bad token, closing (fault)', { detail: auth.refusal.body['detail'] });
      ws.close(1008, 'unauthorized');
    });
    return;
  }
  const capacity = checkCapacity(deps, auth.identity.userId);
  if (capacity) return refuse(capacity);
  socket.off('error', onSocketError);
  deps.wss.handleUpgrade(req, socket, head, (ws) => deps.onUpgraded(ws, auth.identity, auth.method));
}

// Fault upgrade_then_close_on_bad_token: a 401 becomes a 101 and then a close.
function upgradesBadToken(deps: UpgradeHandlerDeps, refusal: Refusal): boolean {
  return deps.config.faults.upgrade_then_close_on_bad_token === true && refusal.status === 401;
}

function checkCapacity(deps: UpgradeHandlerDeps, userId: string): Refusal | undefined {
  const { maxConnPerUser, faults } = deps.config;
  if (maxConnPerUser > 0 && deps.registry.countFor(userId) >= maxConnPerUser) {
    return {
      status: 429,
      body: { error: 'too_many_connections', detail: `at most ${maxConnPerUser} connections per user` },
      headers: { 'Retry-After': '1' },
    };
  }
  if (faults.max_connections !== undefined && deps.registry.size >= faults.max_connections) {
    return {
      status: 503,
      body: { error: 'over_capacity', detail: 'the server is at its connection limit' },
      headers: { 'Retry-After': '1' },
    };
  }
  return undefined;
}

function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0] ?? '/';
}
