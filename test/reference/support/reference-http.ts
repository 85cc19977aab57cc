import { request } from 'undici';

export interface JsonResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export async function getJson(url: string): Promise<JsonResponse> {
  const res = await request(url);
  return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
}

export async function postRaw(url: string, body: string): Promise<JsonResponse> {
  const res = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
}

/** Logs in through the auth service and returns the access token. */
export async function login(
  authUrl: string,
  email = 'alice@example.com',
  password = 'alice-password',
): Promise<string> {
  const res = await postRaw(`${authUrl}/auth/login`, JSON.stringify({ email, password }));
  if (res.status !== 200) throw new Error(`login for ${email} answered ${res.status}`);
  return res.body['access_token'] as string;
}
