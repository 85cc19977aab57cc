import type { FaultCase } from './fault-case.ts';

/**
 * Faults of the proxy layer in front of a healthy backend, and healthy dialects run without the
 * setting they need: each must be caught (or stop the run) with the one diagnosis that names the
 * header, or the env variable or contract field to set.
 */
export const proxyCases: FaultCase[] = [
  {
    name: 'REF_PROXY=no_upgrade',
    fault: '',
    suite: 'preflight',
    env: { REF_PROXY: 'no_upgrade' },
    stopsRun: true,
    expect: [/preflight failed: proxy answered without Upgrade/],
  },
  {
    // The backend checks the token first, so a bare probe is 401 and only the authenticated one shows the cut.
    name: 'REF_PROXY=no_upgrade + auth_before_upgrade',
    fault: '',
    suite: 'preflight',
    env: { REF_PROXY: 'no_upgrade', REF_DIALECT: 'auth_before_upgrade' },
    stopsRun: true,
    expect: [
      /preflight failed: an authenticated GET \/ws was answered HTTP 426 without Upgrade: a proxy that does not forward the Upgrade\/Connection headers\?/,
    ],
  },
  {
    name: 'REF_PROXY=strip_auth',
    fault: '',
    suite: 'header-compat',
    env: { REF_PROXY: 'strip_auth' },
    expect: [
      /blocked by authorization_header/,
      /the Authorization header does not arrive at the backend/,
      /E2E_AUTH_MODE=subprotocol still works/,
    ],
    forbid: [/header_case_sensitive/],
    mustPass: [/auth matrix subprotocol-after × valid/],
  },
  {
    name: 'REF_PROXY=strip_protocol',
    fault: '',
    suite: 'header-compat',
    env: { REF_PROXY: 'strip_protocol' },
    expect: [/blocked by subprotocol_header/, /Sec-WebSocket-Protocol does not arrive at the backend/],
    forbid: [/header_case_sensitive/],
  },
  {
    // A proxy idle timeout shorter than the backend's keepalive interval: the stream is cut in a quiet spell.
    name: 'REF_PROXY=idle_cut:700',
    fault: '',
    suite: 'streaming',
    env: {
      REF_PROXY: 'idle_cut:700',
      REF_KEEPALIVE_MS: '2000',
      REF_PING_INTERVAL_MS: '2000',
      REF_IDLE_LIMIT_MS: '8000',
      E2E_KEEPALIVE_MS: '2500',
      E2E_PING_INTERVAL_MS: '2000',
      E2E_IDLE_LIMIT_MS: '8000',
      E2E_PROXY_IDLE_HINT_MS: '500',
    },
    expect: [/\[stream_idle_cut\]/, /1006/, /idle timeout in a proxy or load balancer/],
  },
  {
    // Frames held back and flushed in bursts: the stream looks silent for longer than the keepalive bound.
    name: 'REF_PROXY=buffer_frames:1200',
    fault: '',
    suite: 'streaming',
    env: { REF_PROXY: 'buffer_frames:1200' },
    expect: [/\[stream_quiet\]/, /went quiet for \d+ ms/],
  },
  {
    name: 'REF_DIALECT=raw_jwt_subprotocol, default contract',
    fault: '',
    suite: 'header-compat',
    env: { REF_DIALECT: 'raw_jwt_subprotocol' },
    expect: [
      /blocked by subprotocol_token/,
      /the backend reads the jwt\.\* entry as the raw JWT \(jwt\.<JWT>\).*set tokenSubprotocol: \(token\) => `jwt\.\$\{token\}` in your contract module \(E2E_CONTRACT\)/,
    ],
  },
  {
    name: 'REF_DIALECT=no_resume, default contract',
    fault: '',
    suite: 'reconnect',
    testNamePattern: 'dropped mid-run',
    env: { REF_DIALECT: 'no_resume' },
    expect: [
      /\[resume_refused\] the backend answered resume with error unknown_type: .*leaves encodeResume out of its contract module/,
    ],
  },
  {
    name: 'REF_DIALECT=short_runs, default contract',
    fault: '',
    suite: 'streaming',
    env: { REF_DIALECT: 'short_runs' },
    expect: [/\[long_run_not_long\] .*set prompts\.long in your contract module/],
  },
  {
    // Without E2E_ORIGIN_CHECK=off, a backend without an allowlist is a finding, not a pass.
    name: 'REF_DIALECT=no_origin_allowlist, Origin check on',
    fault: '',
    suite: 'header-compat',
    testNamePattern: 'Origin',
    env: { REF_DIALECT: 'no_origin_allowlist' },
    expect: [/\[origin_not_checked\] Origin https:\/\/evil\.example must be refused with HTTP 403/],
  },
];
