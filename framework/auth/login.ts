import { request } from 'undici';
import { E2eError } from '../errors.ts';
import { redactor } from '../report/redactor.ts';
import type { Credentials } from '../config/config.ts';

export interface LoginResult {
  token: string;
  expiresIn: number | undefined;
}

/** Logs in through the auth service (`POST /auth/login`) with undici and returns the access token. */
export async function login(
  authUrl: string,
  credentials: Credentials,
  { timeoutMs = 5000 } = {},
): Promise<LoginResult> {
  redactor.register(credentials.password);
  const url = `${authUrl}/auth/login`;
  let res;
  try {
    res = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(credentials),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).message;
    throw new E2eError('E2E_AUTH_UNREACHABLE', `login: auth service at ${url} unreachable (${code})`, { cause: error });
  }
  const text = await res.body.text();
  if (res.statusCode !== 200) {
    throw new E2eError(
      'E2E_LOGIN_FAILED',
      `login: ${url} answered HTTP ${res.statusCode} for ${credentials.email}: ${redactor.redact(text.slice(0, 200))}`,
    );
  }
  let body: { access_token?: unknown; expires_in?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new E2eError('E2E_LOGIN_FAILED', `login: ${url} answered 200 without JSON`);
  }
  if (typeof body.access_token !== 'string') {
    throw new E2eError('E2E_LOGIN_FAILED', `login: ${url} answered 200 without access_token`);
  }
  redactor.register(body.access_token);
  return { token: body.access_token, expiresIn: typeof body.expires_in === 'number' ? body.expires_in : undefined };
}
