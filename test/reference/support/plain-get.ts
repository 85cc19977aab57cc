import { request } from 'undici';

export interface PlainAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Record<string, unknown>;
}

/** A plain HTTP request to the WebSocket URL, without Upgrade: what a proxy that strips it delivers. */
export async function plainGet(
  wsUrl: string,
  headers: Record<string, string> = {},
  method: 'GET' | 'POST' = 'GET',
): Promise<PlainAnswer> {
  const res = await request(wsUrl.replace(/^ws/, 'http'), { method, headers });
  return { status: res.statusCode, headers: res.headers, body: (await res.body.json()) as Record<string, unknown> };
}
