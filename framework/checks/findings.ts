/**
 * Every defect a check can name, with one line on what it means for the people using the chat.
 * A failed check names one of these (`[no_pong] …`); the report prints the line under it.
 */
export const FINDINGS = {
  // The connection and its handshake
  setup_failed: 'a step the check needs (a token, a connection) failed before anything could be judged',
  connect_failed: 'a client the check needed could not connect, so what it checks was never reached',
  run_not_started: 'the run the check needed never started',
  handshake_failed: 'a valid client could not open a WebSocket: no user gets past the spinner',
  handshake_refused: 'the server refused an upgrade it should take',
  handshake_hang: 'the server held a bad handshake open without answering: each one ties up a socket',
  no_answer: 'the server never answered the request: clients wait until their own timeout',
  not_ready: 'the connection opened but the ready event never came: the app cannot start a conversation',
  bad_accept: 'Sec-WebSocket-Accept is wrong (RFC 6455 §4.2.2): browsers drop such a connection',
  connection_dropped: 'the connection ended without a reason while a user was using it',
  connection_unusable: 'the connection opened but could not carry a golden path',
  // Auth
  valid_token_refused: 'a user with a valid token is locked out',
  wrong_user: 'the connection was given to a different user than the token names',
  invalid_token_accepted: 'a bad token opened a session: anyone can talk as anyone',
  unauthenticated_accepted: 'a connection without credentials was let in',
  upgrade_then_close:
    'a bad token got a 101 and only then a close: clients see a connect-then-drop loop, not a login error',
  no_http_status: 'the refusal carried no HTTP status: a client cannot tell a bad token from an outage',
  wrong_refusal_status:
    'the refusal used the wrong HTTP status: clients retry what they should not, or give up when they should retry',
  expiry_not_enforced: 'a connection outlived its token: a revoked session keeps talking',
  no_token_expired_error:
    'the connection ended at token expiry without saying so: the client cannot refresh and reconnect',
  bypass_honoured: 'the test-bypass header let a request in outside test mode: anyone who knows its name is in',
  test_mode_on: 'the target runs in test mode where it should not',
  header_case_sensitive:
    'header names were matched case-sensitively (RFC 9110 §5.1): some proxies and clients are refused',
  // Subprotocols
  token_subprotocol_echoed: 'the token was echoed back as the subprotocol: it lands in logs and browser devtools',
  unoffered_subprotocol: 'the server selected a subprotocol the client never offered: browsers fail the connection',
  subprotocol_repeated: 'Sec-WebSocket-Protocol was answered more than once: browsers fail the connection',
  subprotocol_not_selected:
    'no subprotocol was selected where one was offered and expected: browsers fail the connection',
  unknown_subprotocol_selected: 'the server selected a subprotocol this contract does not know',
  browser_client_failed: 'a browser-style client could not connect where a Node client could',
  browser_subprotocol: 'a browser negotiated a different subprotocol than the contract expects',
  browser_refused_upgrade: 'a real browser was refused where it should be let in',
  origin_not_checked:
    "a page on another site could open a connection with the user's cookies (cross-site WebSocket hijacking)",
  // Bad input and close codes
  malformed_upgraded: 'a malformed handshake was upgraded: the server accepts what it cannot parse',
  server_error: 'a malformed request got a 5xx: bad input is treated as a server fault, and may be one',
  wrong_status: 'a malformed request got an unexpected HTTP status',
  incomplete_refusal: 'the refusal is missing a header the RFC asks for',
  internal_error: 'the server closed with 1011 (internal error): users see an answer cut mid-way',
  wrong_close_code: 'the server closed with a different code than the protocol asks for',
  no_close_frame: 'the connection ended without a close frame: clients cannot tell a rejection from a network cut',
  violation_ignored: 'a protocol violation was let through without a close',
  no_error_frame: 'bad input got no error event: the client cannot tell the user what went wrong',
  wrong_error_code: 'bad input got an error event with the wrong code',
  // Limits
  no_rate_limit: 'a flood of messages was all taken: one client can saturate the backend',
  burst_unanswered: 'messages within the stated burst went unanswered',
  no_connection_cap: 'one user could open connections without limit',
  wrong_cap_answer: 'the connection cap answered with the wrong status or close code',
  under_cap_refused: 'a connection under the stated cap was refused: users are locked out below the limit',
  // Heartbeat
  no_pong: 'a ping got no pong: clients and proxies declare a live connection dead',
  pong_payload_mismatch: "the pong did not carry the ping's data (RFC 6455 §5.5.3)",
  idle_client_not_closed: 'a client that answers no pings was kept: dead connections pile up',
  idle_limit_exceeded: 'a dead client was dropped later than the stated idle limit',
  live_client_closed: 'a client answering every ping was dropped: the server cannot tell live clients from dead ones',
  server_pings_missing: 'the server does not ping: idle proxies cut the connection and dead peers go unnoticed',
  ping_interval_off: 'server pings do not come at the stated interval',
  // Streaming
  run_incomplete: 'a run did not reach agent_completed: the user waits on an answer that never ends',
  long_run_not_long: 'the long run ended early: the stream under test was never exercised',
  stream_quiet: 'a run went silent longer than the keepalive bound: proxies cut such a stream',
  stream_stalled: 'a run stalled and never finished',
  stream_idle_cut: 'the stream was cut after a quiet period: a proxy idle timeout, most likely',
  stream_cut: 'the stream was cut without a close frame mid-run',
  stream_closed: 'the server closed the stream before the run finished',
  // Reconnect and resume
  no_reconnect: 'a dropped client could not get a connection that holds',
  resume_refused: 'a resume after a drop was refused: the user loses the rest of the answer',
  resume_closed_connection: 'the server closed the connection on resume',
  resume_lost_event: 'an event was lost across the reconnect: the answer has a hole',
  resume_duplicated_event: 'an event arrived twice across the reconnect: the answer repeats itself',
  run_not_resumed: 'the run was not resumed after the reconnect',
  restart_without_going_away:
    'a restarting server closed clients without 1001/1012: they cannot tell a restart from a crash',
  run_after_restart: 'no golden path completed after the server restarted',
  // Isolation
  cross_user_leak: "a user received another user's events",
  foreign_resume_replayed: "resuming another user's run replayed its events",
  foreign_resume_not_refused: "resuming another user's run was not refused",
  // A client that leaves
  server_crashed: 'the server crashed after a client left mid-stream',
  send_after_close_error: 'the server failed writing to a client that had gone: the next user may get the error',
  error_logged_after_client_left: 'the server logged an error when a client left mid-stream',
  server_unhealthy_after_client_left: 'the server stopped serving after a client left mid-stream',
  server_unhealthy_before_client_left:
    'the server was not serving before the client left: nothing could be judged about leaving',
  // The target
  preflight_failed: 'the target is not reachable or not the expected build',
} as const satisfies Record<string, string>;

/** A defect a check can name: a key of FINDINGS. */
export type Finding = keyof typeof FINDINGS;

/** The line FINDINGS gives a finding, or undefined for a rule that is not a check's (a golden-path rule, a load threshold). */
export function explainFinding(rule: string): string | undefined {
  return Object.hasOwn(FINDINGS, rule) ? FINDINGS[rule as Finding] : undefined;
}
