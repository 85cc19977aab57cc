import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { UserRecord } from '../config/parse-users.ts';
import { sendJson, sendMethodNotAllowed, sendNotFound } from '../http/json-response.ts';
import { BodyError, readJsonBody } from '../http/read-json-body.ts';
import { errorMessage, type Logger } from '../log/json-logger.ts';
import { checkCredentials } from './credential-check.ts';
import type { SigningKeys } from './signing-keys.ts';
import { issueToken } from './token-issuer.ts';

export interface AuthServiceOptions {
  readonly keys: SigningKeys;
  readonly users: readonly UserRecord[];
  readonly issuer: string;
  readonly audience: string;
  readonly tokenTtlS: number;
  readonly version: string;
  readonly log: Logger;
}

/** The auth service: login, JWKS, health. An http.Server of its own, not yet listening. */
export function createAuthServer(options: AuthServiceOptions): Server {
  const jwks = { keys: [options.keys.publicJwk] };
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/auth/login') {
      if (req.method !== 'POST') return sendMethodNotAllowed(res, 'POST');
      void login(options, req, res);
      return;
    }
    if (path === '/.well-known/jwks.json') {
      if (req.method !== 'GET') return sendMethodNotAllowed(res, 'GET');
      return sendJson(res, 200, jwks, { 'Cache-Control': 'public, max-age=300' });
    }
    if (path === '/health') {
      return sendJson(res, 200, { status: 'ok', service: 'auth', version: options.version });
    }
    sendNotFound(res);
  });
}

async function login(options: AuthServiceOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const body = await readJsonBody(req);
    const { email, password } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (typeof email !== 'string' || typeof password !== 'string' || email === '' || password === '') {
      return sendJson(res, 400, { error: 'invalid_request', detail: 'expected {"email": string, "password": string}' });
    }
    const user = checkCredentials(options.users, email, password);
    if (!user) {
      options.log.warn('login refused', { reason: 'invalid_credentials' });
      return sendJson(res, 401, { error: 'invalid_credentials' });
    }
    const token = await issueToken(
      { keys: options.keys, issuer: options.issuer, audience: options.audience, ttlS: options.tokenTtlS },
      user,
    );
    options.log.info('login', { user_id: user.sub });
    sendJson(res, 200, { access_token: token.accessToken, token_type: 'Bearer', expires_in: token.expiresIn });
  } catch (error) {
    if (error instanceof BodyError) {
      const status = error.code === 'BODY_TOO_LARGE' ? 413 : 400;
      return sendJson(res, status, { error: 'invalid_request', detail: error.message });
    }
    options.log.error('login failed', { error: errorMessage(error) });
    if (!res.headersSent) sendJson(res, 500, { error: 'internal_error' });
  }
}
