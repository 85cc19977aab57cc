import { createChatBackend } from '../backend/chat-backend.ts';
import type { ReferenceConfig } from '../config/reference-config.ts';
import { httpOrigin, listen } from '../http/listen.ts';
import type { Logger } from '../log/json-logger.ts';
import type { RunningService } from './start-auth-service.ts';

export interface RunningBackend extends RunningService {
  readonly wsUrl: string;
}

/** Starts the chat backend listening; it trusts the keys published by the auth service at authUrl. */
export async function startChatBackend(config: ReferenceConfig, log: Logger, authUrl: string): Promise<RunningBackend> {
  const backend = createChatBackend({ config, log, jwksUrl: new URL('/.well-known/jwks.json', authUrl) });
  const port = await listen(backend.server, config.host, config.backendPort);
  const url = httpOrigin(config.host, port);
  const wsUrl = `${httpOrigin(config.host, port, 'ws')}/ws`;
  const warmed = await backend.warmKeys();
  if (!warmed) log.warn('could not fetch the JWKS yet; will retry on the first handshake', { auth_url: authUrl });
  const faults = Object.keys(config.faults);
  log.info('chat backend listening', {
    url,
    ws_url: wsUrl,
    faults,
    dialects: [...config.dialects],
    test_mode: config.testMode,
  });
  return { url, wsUrl, close: backend.close };
}
