import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http/json-response.ts';
import { errorMessage, type Logger } from '../log/json-logger.ts';
import { authenticateUpgrade, type UpgradeAuthOptions } from './upgrade/authenticate-upgrade.ts';

export type PlainWsRoute = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * /ws reached without an Upgrade header, often because a proxy stripped it. By default that is a
 * 400 saying so. Under auth_before_upgrade the auth middleware runs first, as in stacks where it
 * sits in front of the WebSocket route: the upgrade path's 401 without a valid token, else 426
 * Upgrade Required (what Python's websockets answers to a request that is not an upgrade).
 */
export function createPlainWsRoute(auth: UpgradeAuthOptions, log: Logger): PlainWsRoute {
  return (req, res) => {
    if (!auth.dialects.has('auth_before_upgrade')) {
      return sendJson(res, 400, {
        error: 'bad_handshake',
        detail: 'expected a WebSocket upgrade (Upgrade: websocket); a proxy may have stripped it',
      });
    }
    authenticateThenRefuse(req, res, auth, log).catch((error: unknown) => {
      log.error('plain /ws request failed', { error: errorMessage(error) });
      if (!res.headersSent) sendJson(res, 500, { error: 'internal_error' });
    });
  };
}

async function authenticateThenRefuse(
  req: IncomingMessage,
  res: ServerResponse,
  auth: UpgradeAuthOptions,
  log: Logger,
): Promise<void> {
  const result = await authenticateUpgrade(req, auth);
  if (!result.ok) {
    const { status, body, headers } = result.refusal;
    log.info('plain /ws request refused', {
      status,
      error: body['error'],
      detail: body['detail'],
      remote: req.socket.remoteAddress,
    });
    return sendJson(res, status, body, { ...headers });
  }
  if (req.method !== 'GET') {
    return sendJson(
      res,
      405,
      { error: 'method_not_allowed', detail: 'a WebSocket handshake must be GET' },
      { Allow: 'GET' },
    );
  }
  sendJson(
    res,
    426,
    {
      error: 'upgrade_required',
      detail:
        'authenticated, but this endpoint only speaks WebSocket: send Upgrade: websocket (a proxy may have stripped it)',
    },
    { Upgrade: 'websocket' },
  );
}
