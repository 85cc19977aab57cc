import { createServer, type Server } from 'node:http';
import { WebSocketServer } from 'ws';
import { AgUiRunner } from '../ag-ui/ag-ui-runner.ts';
import { createAgentRoute } from '../ag-ui/agent-route.ts';
import { RunManager } from '../agent/run-manager.ts';
import type { ReferenceConfig } from '../config/reference-config.ts';
import { closeServer } from '../http/listen.ts';
import type { Logger } from '../log/json-logger.ts';
import { ChatConnection } from './connection/chat-connection.ts';
import { ConnectionRegistry } from './connection/connection-registry.ts';
import { createHealthRoutes } from './health-routes.ts';
import { createPlainWsRoute } from './plain-ws-route.ts';
import type { UpgradeAuthOptions } from './upgrade/authenticate-upgrade.ts';
import { createJwksKeySource } from './upgrade/jwks-key-source.ts';
import { addUnofferedProtocolHeader, createProtocolSelector } from './upgrade/select-subprotocol.ts';
import { createTokenVerifier } from './upgrade/token-verifier.ts';
import { createUpgradeHandler } from './upgrade/upgrade-handler.ts';

const NO_LIMIT_PAYLOAD_BYTES = 100 * 1024 * 1024;

export interface ChatBackendOptions {
  readonly config: ReferenceConfig;
  readonly log: Logger;
  /** Where the auth service publishes its keys. */
  readonly jwksUrl: URL;
}

export interface ChatBackend {
  /** Not yet listening. */
  readonly server: Server;
  readonly connections: () => number;
  /** Fetches the JWKS ahead of the first handshake; false if the auth service did not answer. */
  readonly warmKeys: () => Promise<boolean>;
  /** Closes every WebSocket with 1001, stops runs, closes the server. */
  readonly close: () => Promise<void>;
}

/**
 * The chat backend: http.Server + ws (noServer), auth before upgrade, scripted agent behind; under
 * the ag_ui dialect also POST /agent (AG-UI over SSE), and AG-UI on sockets that did not ask for agent_chat.
 */
export function createChatBackend({ config, log, jwksUrl }: ChatBackendOptions): ChatBackend {
  const { faults } = config;
  let shuttingDown = false;
  const registry = new ConnectionRegistry();
  const runs = new RunManager({ ...config, log, connections: () => registry.all() });
  const agUi = config.dialects.has('ag_ui') ? new AgUiRunner({ ...config, log }) : undefined;
  const keys = createJwksKeySource(jwksUrl);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: faults.no_payload_limit ? NO_LIMIT_PAYLOAD_BYTES : config.maxPayloadBytes,
    handleProtocols: createProtocolSelector(faults),
    autoPong: !faults.no_pong,
    clientTracking: false,
    perMessageDeflate: false,
  });
  if (faults.echo_unoffered_subprotocol) wss.on('headers', addUnofferedProtocolHeader);
  // One verifier for the upgrade and for a plain GET /ws, so both refuse a token the same way.
  const auth: UpgradeAuthOptions = {
    verify: createTokenVerifier({ getKey: keys.getKey, issuer: config.issuer, audience: config.audience, faults }),
    queryToken: config.queryToken,
    testMode: config.testMode,
    bypassHeader: config.bypassHeader,
    faults,
    dialects: config.dialects,
  };
  const health = { connections: () => registry.size, shuttingDown: () => shuttingDown };
  const agent =
    agUi &&
    createAgentRoute({
      auth,
      runner: agUi,
      log,
      maxBodyBytes: config.maxPayloadBytes,
      isShuttingDown: () => shuttingDown,
      crashOnMalformed: faults.crash_on_malformed === true,
      crashAfterClientClose: faults.crash_after_client_close === true,
    });
  const server = createServer(createHealthRoutes(config, health, createPlainWsRoute(auth, log), agent));
  server.on(
    'upgrade',
    createUpgradeHandler({
      config,
      log,
      wss,
      registry,
      isShuttingDown: () => shuttingDown,
      auth,
      onUpgraded: (ws, identity, method) => {
        const connection = new ChatConnection(ws, identity, method, {
          config,
          log,
          runs,
          agUi,
          onClose: (c) => registry.remove(c),
        });
        registry.add(connection);
        connection.start();
      },
    }),
  );

  const close = async (): Promise<void> => {
    shuttingDown = true;
    runs.stopAll();
    agUi?.stopAll();
    const open = registry.all();
    await Promise.all(
      open.map(
        (connection) =>
          new Promise<void>((resolve) => {
            void connection.closed.then(resolve);
            connection.close(1001, 'server shutting down');
          }),
      ),
    );
    wss.close();
    await closeServer(server);
  };

  return { server, connections: () => registry.size, warmKeys: keys.warm, close };
}
