import { describe, preflightOptions, renderPreflight, runPreflight, test } from '../framework/index.ts';

// Global setup already ran this gate (unless E2E_PREFLIGHT=false) and would have stopped the run;
// here the same steps become a check in the report, and a test that fails when the gate was off.
describe('deployment preflight: the target is reachable and serves the expected build', () => {
  test('DNS, TCP, TLS, /health, /health/websocket, the version, a bare upgrade (over SSE: one run)', async ({
    target,
    config,
    contract,
    auth,
    checks,
  }) => {
    const sse = config.transport === 'sse';
    const expected = [
      config.expectVersion && `version ${config.expectVersion}`,
      config.expectCommit && `commit ${config.expectCommit}`,
    ]
      .filter(Boolean)
      .join(' and ');
    const check = checks.begin({
      id: 'preflight/steps',
      description: `preflight of ${target.backendUrl}${sse ? '' : ` and ${target.wsUrl}`}`,
      expectation:
        `every step passes within 10 s${expected ? `; /health reports ${expected}` : ''}; ` +
        (sse
          ? `a run POSTed with a valid token answers with an event stream and ${contract.startEvent}`
          : "the bare upgrade gets 101 or an auth refusal, not a proxy's answer"),
    });
    const options = preflightOptions(config, target, contract, auth);
    // Over a WebSocket the global setup's transport cross-check stands; here the steps before it.
    const report = await runPreflight(sse ? options : { ...options, transports: undefined });
    const observed = report.steps.map((s) => `${s.ok ? '✓' : '✗'} ${s.name}`).join(', ');
    if (!report.ok) {
      return check.fail('preflight_failed', {
        message: report.diagnosis ?? 'a step failed',
        observed,
        evidence: renderPreflight(report),
      });
    }
    check.pass(`${observed} in ${report.tookMs} ms; ${report.steps.at(-1)?.detail ?? ''}`);
  });
});
