import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ReferenceConfig } from '../config/reference-config.ts';
import { sendJson, sendNotFound } from '../http/json-response.ts';
import { CHAT_SUBPROTOCOL } from './upgrade/select-subprotocol.ts';

export interface HealthState {
  readonly connections: () => number;
  readonly shuttingDown: () => boolean;
}

/** Plain HTTP on the chat backend: /health, /health/websocket, and a hint on a bare GET /ws. */
export function createHealthRoutes(config: ReferenceConfig, state: HealthState) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') {
      const version = config.faults.report_version ?? config.version;
      return sendJson(res, 200, { status: 'ok', service: 'backend', version, commit: config.commit });
    }
    if (path === '/health/websocket') return sendJson(res, 200, websocketHealth(config, state));
    if (path === '/ws') {
      // Reaching here means no Upgrade header arrived: often a proxy that strips it.
      return sendJson(res, 400, { error: 'bad_handshake', detail: 'expected a WebSocket upgrade (Upgrade: websocket); a proxy may have stripped it' });
    }
    sendNotFound(res);
  };
}

function websocketHealth(config: ReferenceConfig, state: HealthState): Record<string, unknown> {
  return {
    status: state.shuttingDown() ? 'degraded' : 'healthy',
    connections: state.connections(),
    subprotocols: [CHAT_SUBPROTOCOL],
    auth_modes: config.queryToken ? ['header', 'subprotocol', 'query'] : ['header', 'subprotocol'],
    ping_interval_ms: config.pingIntervalMs,
    idle_limit_ms: config.idleLimitMs,
    keepalive_ms: config.keepaliveMs,
    // The advertised limit, even under no_payload_limit: that fault is a limit not enforced.
    max_payload_bytes: config.maxPayloadBytes,
    rate_limit: { burst: config.rateBurst, per_s: config.ratePerS },
    max_connections_per_user: config.maxConnPerUser,
    test_mode: config.testMode,
  };
}
