import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ReferenceConfig } from '../config/reference-config.ts';
import type { AgentRoute } from '../ag-ui/agent-route.ts';
import { sendJson, sendNotFound } from '../http/json-response.ts';
import type { PlainWsRoute } from './plain-ws-route.ts';
import { CHAT_SUBPROTOCOL } from './upgrade/select-subprotocol.ts';

export interface HealthState {
  readonly connections: () => number;
  readonly shuttingDown: () => boolean;
}

/**
 * Plain HTTP on the chat backend: /health, /health/websocket, an answer to a bare GET /ws, and
 * POST /agent when `agent` is given (the ag_ui dialect).
 */
export function createHealthRoutes(
  config: ReferenceConfig,
  state: HealthState,
  plainWs: PlainWsRoute,
  agent?: AgentRoute,
) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') {
      const version = config.faults.report_version ?? config.version;
      return sendJson(res, 200, { status: 'ok', service: 'backend', version, commit: config.commit });
    }
    if (path === '/health/websocket') return sendJson(res, 200, websocketHealth(config, state));
    // Reaching /ws here means no Upgrade header arrived.
    if (path === '/ws') return plainWs(req, res);
    if (path === '/agent' && agent) return agent(req, res);
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
    // Diagnostics only: which healthy variant of the contract this backend speaks.
    dialects: [...config.dialects],
  };
}
