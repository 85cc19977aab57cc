import { createAuthServer } from '../auth/auth-service.ts';
import { loadSigningKeys } from '../auth/signing-keys.ts';
import type { ReferenceConfig } from '../config/reference-config.ts';
import { closeServer, httpOrigin, listen } from '../http/listen.ts';
import type { Logger } from '../log/json-logger.ts';

export interface RunningService {
  readonly url: string;
  close(): Promise<void>;
}

/** Loads or generates the signing key and starts the auth service listening. */
export async function startAuthService(config: ReferenceConfig, log: Logger): Promise<RunningService> {
  const keys = await loadSigningKeys(config.signingKey);
  const server = createAuthServer({
    keys,
    users: config.users,
    issuer: config.issuer,
    audience: config.audience,
    tokenTtlS: config.tokenTtlS,
    version: config.version,
    log,
  });
  const port = await listen(server, config.host, config.authPort);
  const url = httpOrigin(config.host, port);
  log.info('auth service listening', { url, kid: keys.kid, generated_key: config.signingKey === undefined });
  return { url, close: () => closeServer(server) };
}
