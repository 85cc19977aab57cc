import { findChromium } from '../../framework/browser/find-chromium.ts';
import type { FaultCase } from './fault-case.ts';

/** What only the headless-Chromium cases say: expected where Chromium is installed (elsewhere they say n.a.). */
const inChromium = (...patterns: RegExp[]): RegExp[] => (findChromium() ? patterns : []);

/** Faults the protocol suites (close codes, header compatibility, auth session) exist to catch. */
export const protocolCases: FaultCase[] = [
  {
    fault: 'crash_on_malformed',
    suite: 'close-codes',
    testNamePattern: 'invalid-json',
    expect: [
      /\[internal_error\] invalid JSON .*answered with close 1011 \(internal error\) instead of an error frame/,
      /close-code policy: .* was closed with 1011/,
      /Timeline of/,
    ],
  },
  {
    fault: 'no_payload_limit',
    suite: 'close-codes',
    testNamePattern: 'payload limit',
    expect: [
      /\[violation_ignored\] a text message one byte over the stated payload limit was not answered with close 1009/,
    ],
  },
  {
    // The token entry was offered, so a browser takes it: the page gets a socket under the wrong protocol.
    fault: 'echo_token_subprotocol',
    suite: 'header-compat',
    testNamePattern: 'subprotocol:|browser',
    expect: [
      /\[token_subprotocol_echoed\] the server selected the token entry as its subprotocol/,
      /\[browser_subprotocol\]/,
      ...inChromium(
        /\[browser_subprotocol\] headless Chromium \(page at https:\/\/app\.example\.com\) negotiated the token entry \(the credential, echoed in the 101\) instead of "agent_chat"/,
      ),
    ],
  },
  {
    fault: 'echo_unoffered_subprotocol',
    suite: 'header-compat',
    testNamePattern: 'subprotocol:',
    expect: [
      /\[unoffered_subprotocol\] the server selected "agent_chat", which the client did not offer \(offered: nothing\)/,
      /offered: golden_path\.unknown\.v9/,
    ],
  },
  {
    // Chromium fails a 101 that selects no protocol when it offered some: the page never gets its socket.
    fault: 'no_subprotocol_echo',
    suite: 'header-compat',
    testNamePattern: 'subprotocol:|browser',
    expect: [
      /\[subprotocol_not_selected\] offered agent_chat, the server selected no subprotocol instead of agent_chat/,
      ...inChromium(
        /\[browser_refused_upgrade\] headless Chromium \(page at https:\/\/app\.example\.com\) got 101 and failed the connection itself/,
      ),
    ],
  },
  {
    // Header auth fails, the subprotocol entry works: the preflight names it once, the header checks are blocked by it.
    fault: 'ignore_auth_header',
    suite: 'header-compat',
    testNamePattern: 'auth matrix header|AUTHORIZATION',
    expect: [
      /blocked by authorization_header/,
      /the Authorization header does not arrive at the backend \(or is ignored there\)/,
    ],
    forbid: [/header_case_sensitive/],
  },
  {
    // With the preflight off, each header check fails on its own, and none blames the header's case.
    fault: 'ignore_auth_header',
    name: 'ignore_auth_header, E2E_PREFLIGHT=false',
    suite: 'header-compat',
    testNamePattern: 'auth matrix header|AUTHORIZATION',
    env: { E2E_PREFLIGHT: 'false' },
    expect: [
      /\[valid_token_refused\] a valid token sent in the Authorization header was refused with HTTP 401/,
      /\[valid_token_refused\] a valid token was refused in canonical form too/,
    ],
    forbid: [/header_case_sensitive/],
  },
  {
    fault: 'accept_expired',
    suite: 'header-compat',
    testNamePattern: 'auth matrix .* × (expired|not_yet_valid)',
    expect: [
      /\[invalid_token_accepted\] an expired token sent in the Authorization header was accepted/,
      /\[invalid_token_accepted\] a not-yet-valid token/,
    ],
  },
  {
    fault: 'accept_alg_none',
    suite: 'header-compat',
    testNamePattern: 'auth matrix .* × alg_none',
    expect: [/\[invalid_token_accepted\] an unsigned alg:none token sent in the Authorization header was accepted/],
  },
  {
    fault: 'accept_any_audience',
    suite: 'header-compat',
    testNamePattern: 'auth matrix .* × wrong_audience',
    expect: [/\[invalid_token_accepted\] a token for another audience sent in the Authorization header was accepted/],
  },
  {
    // Canonical "Bearer" gets through, so the case of the scheme is named, for the two spellings it refused.
    fault: 'case_sensitive_bearer',
    suite: 'header-compat',
    testNamePattern: 'any case',
    expect: [
      /\[header_case_sensitive\] the server did not accept "authorization: bearer …" \(HTTP 401\), and took the same credential in canonical form/,
      /\[header_case_sensitive\] the server did not accept "aUtHoRiZaTiOn: BEARER …"/,
    ],
    mustPass: [/AUTHORIZATION: Bearer …/],
  },
  {
    fault: 'accept_no_token',
    suite: 'header-compat',
    testNamePattern: 'bypass',
    expect: [
      /\[unauthenticated_accepted\] a handshake with no token at all was let in \(.*\), with or without X-E2E-Bypass/,
    ],
    forbid: [/bypass_honoured/],
  },
  {
    // Not a bug in the code but in its deployment: a backend started in test mode where the env says it must not be.
    fault: '',
    name: 'REF_TEST_MODE=true, E2E_TEST_MODE=false',
    suite: 'header-compat',
    testNamePattern: 'test mode',
    env: { REF_TEST_MODE: 'true' },
    expect: [
      /\[test_mode_on\] the target states test_mode: true in \/health\/websocket, but E2E_TEST_MODE=false/,
      /\[test_mode_on\] the test-bypass header X-E2E-Bypass let an unauthenticated client in outside test mode: the target states test_mode: true/,
    ],
    forbid: [/bypass_honoured/],
  },
  {
    fault: 'bypass_outside_test_mode',
    suite: 'header-compat',
    testNamePattern: 'bypass',
    expect: [
      /\[bypass_honoured\] the test-bypass header X-E2E-Bypass let an unauthenticated client in outside test mode/,
    ],
  },
  {
    fault: 'no_origin_check',
    suite: 'header-compat',
    testNamePattern: 'Origin',
    expect: [
      /\[origin_not_checked\] Origin https:\/\/evil\.example must be refused with HTTP 403/,
      /\[origin_not_checked\] Origin null/,
      /Origin https:\/\/app\.example\.com\.evil\.example/,
      ...inChromium(
        /\[origin_not_checked\] headless Chromium \(page at https:\/\/evil\.example\) was upgraded \(101\), the page opened the WebSocket/,
      ),
    ],
    mustPass: inChromium(/a page at the allowed Origin opens the WebSocket/),
  },
  {
    fault: 'upgrade_then_close_on_bad_token',
    suite: 'header-compat',
    testNamePattern: 'auth matrix',
    expect: [
      /\[upgrade_then_close\] an expired token sent in the Authorization header was upgraded \(101\) and then closed 1008, instead of refused with HTTP 401/,
    ],
  },
  {
    // 101 then 1008 for a handshake without a token is a refusal made late, not a way in: named as such by the bypass check too.
    fault: 'upgrade_then_close_on_bad_token',
    name: 'upgrade_then_close_on_bad_token (bypass header)',
    suite: 'header-compat',
    testNamePattern: 'bypass',
    expect: [
      /\[upgrade_then_close\] no token sent in a handshake with only X-E2E-Bypass was upgraded \(101\) and then closed 1008, instead of refused with HTTP 401 or 403/,
    ],
    forbid: [/unauthenticated_accepted/, /bypass_honoured/],
  },
  {
    fault: 'no_expiry_check',
    suite: 'auth-session',
    testNamePattern: 'expires while connected',
    expect: [/\[expiry_not_enforced\] the token expired \d+ ms ago and the connection is still open/],
  },
  // A long idle limit: on a busy machine a server that takes the whole flood reads it slowly, and its
  // heartbeat must not close the connection (the pongs wait behind the flood) before the check sees it all taken.
  // A REF_* setting only: the row joins a lane, which switches it.
  {
    fault: 'no_rate_limit',
    suite: 'auth-session',
    testNamePattern: 'flood',
    env: { REF_IDLE_LIMIT_MS: '20000' },
    expect: [/\[no_rate_limit\] 4500 messages beyond a stated burst of 2000 were all taken/],
  },
];
