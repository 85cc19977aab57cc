import { StepFailure } from './preflight-network.ts';

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
