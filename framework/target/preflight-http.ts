import { request } from 'undici';
import { redactor } from '../report/redactor.ts';
import { codeOf, StepFailure } from './preflight-network.ts';

/** GETs `path` on the backend and returns its JSON object; anything else is a StepFailure naming the status. */
export async function getJson(backendUrl: string, path: string, timeoutMs: number): Promise<Record<string, unknown>> {
  const url = new URL(path, backendUrl).toString();
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
    throw new StepFailure(`HTTP status: GET ${url} answered ${status} (expected 200)${snippet ? `: ${snippet}` : ''}`);
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

/** `/health` says ok. */
export function judgeHealth(body: Record<string, unknown>): string {
  if (body.status !== 'ok')
    throw new StepFailure(`health: /health reports status ${JSON.stringify(body.status)} (expected "ok")`);
  return `status ok, version ${String(body.version ?? '(none)')}, commit ${String(body.commit ?? '(none)')}`;
}

/** The build the target serves is the one expected (E2E_EXPECT_VERSION, E2E_EXPECT_COMMIT). */
export function judgeVersion(
  body: Record<string, unknown>,
  expect: { version?: string | undefined; commit?: string | undefined },
): string {
  const checks: [string, string | undefined][] = [
    ['version', expect.version],
    ['commit', expect.commit],
  ];
  const seen: string[] = [];
  for (const [field, expected] of checks) {
    if (expected === undefined) continue;
    const served = body[field];
    if (served === undefined) throw new StepFailure(`target reports no ${field} in /health, expected ${expected}`);
    // A commit may be given short or long: a prefix match is the same build.
    const same =
      field === 'commit'
        ? String(served).startsWith(expected) || expected.startsWith(String(served))
        : String(served) === expected;
    if (!same)
      throw new StepFailure(
        `target serves ${field} ${String(served)}, expected ${expected}: a stale or wrong build is deployed`,
      );
    seen.push(`${field} ${String(served)}`);
  }
  return seen.length > 0
    ? `serves the expected ${seen.join(' and ')}`
    : 'no version expected (E2E_EXPECT_VERSION / E2E_EXPECT_COMMIT unset)';
}

/** `/health/websocket` answers; a degraded status is reported but does not stop the run. */
export function judgeWebsocketHealth(body: Record<string, unknown>): string {
  const status = String(body.status ?? '(none)');
  if (status !== 'healthy' && status !== 'degraded')
    throw new StepFailure(
      `health: /health/websocket reports status ${JSON.stringify(body.status)} (expected "healthy")`,
    );
  const facts = ['connections', 'ping_interval_ms', 'idle_limit_ms', 'keepalive_ms']
    .filter((k) => body[k] !== undefined)
    .map((k) => `${k} ${String(body[k])}`);
  return `status ${status}${facts.length > 0 ? `, ${facts.join(', ')}` : ''}${Array.isArray(body.subprotocols) ? `, subprotocols ${body.subprotocols.join(' ')}` : ''}`;
}
