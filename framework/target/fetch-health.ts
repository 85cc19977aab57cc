import { request } from 'undici';
import { redactor } from '../report/redactor.ts';
import { codeOf, StepFailure } from './preflight-network.ts';

/** The health endpoints of a chat backend (and `/health` of its auth service). */
export type HealthPath = '/health' | '/health/websocket';

/**
 * GETs a health endpoint and returns its JSON object. No answer within `timeoutMs`, a status other
 * than 200 or a body that is not a JSON object throws a StepFailure whose message names the URL and
 * what came back instead.
 * @example const health = await fetchHealth(target.backendUrl, '/health', 3000);
 */
export async function fetchHealth(
  baseUrl: string,
  path: HealthPath,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  const url = new URL(path, baseUrl).toString();
  let status: number;
  let text: string;
  let type: string;
  try {
    const res = await request(url, {
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = res.statusCode;
    type = String(res.headers['content-type'] ?? '');
    text = await res.body.text();
  } catch (error) {
    const code = codeOf(error);
    throw new StepFailure(
      code === 'TimeoutError' || /timeout/i.test(code)
        ? `HTTP: GET ${url} got no answer within ${timeoutMs} ms`
        : `HTTP: GET ${url} failed (${code})`,
    );
  }
  const snippet = redactor.redact(text.replace(/\s+/g, ' ').slice(0, 120));
  if (status !== 200)
    throw new StepFailure(
      `HTTP status: GET ${url} answered ${status} (expected 200)${snippet ? `: ${snippet}` : ''}`,
      status,
    );
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new StepFailure(
    `HTTP status: GET ${url} answered 200 but not a JSON object (${type || 'no content-type'}): ${snippet}`,
  );
}
