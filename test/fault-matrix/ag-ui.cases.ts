import type { FaultCase } from './fault-case.ts';

/** The reference speaking AG-UI, read with the built-in ag-ui contract, over one transport. */
const agUi = (transport: 'sse' | 'ws') => ({ REF_DIALECT: 'ag_ui', E2E_CONTRACT: 'ag-ui', E2E_TRANSPORT: transport });

/** AG-UI faults, each caught by the golden path over SSE and over WebSocket, and named. */
const rows = (transport: 'sse' | 'ws'): FaultCase[] =>
  [
    { fault: 'drop_event:TOOL_CALL_END', expect: [/\[tool_unpaired\]/, /TOOL_CALL_END/] },
    {
      fault: 'reorder_events',
      expect: [/TOOL_CALL_RESULT .*arrived before .*TOOL_CALL_END/],
    },
    {
      fault: 'duplicate_event:TEXT_MESSAGE_START',
      expect: [/\[message_unpaired\]|\[duplicate_event\]/, /TEXT_MESSAGE_START/],
    },
    { fault: 'invalid_event', expect: [/\[schema\] .*TEXT_MESSAGE_CONTENT #\d+ does not match the AG-UI schema/] },
    {
      fault: 'stall_after:TOOL_CALL_ARGS',
      expect: [/stalled after TOOL_CALL_ARGS/],
      env: { E2E_EVENT_TIMEOUT_MS: '1000' },
    },
    {
      fault: 'close_1011_after:TOOL_CALL_START',
      // A cut stream is the SSE form of a connection lost without a close frame.
      expect:
        transport === 'sse'
          ? [/connection closed with 1006 .*after TOOL_CALL_START/, /a stream was cut before its run finished/]
          : [/1011/, /TOOL_CALL_START/],
    },
  ].map((c) => ({
    ...c,
    name: `${c.fault} (ag_ui over ${transport})`,
    suite: 'golden-path',
    testNamePattern: 'two tools',
    env: { ...agUi(transport), ...c.env },
  }));

/** The faults of the other suites that run on AG-UI: isolation and streaming, over both transports. */
const suiteRows = (transport: 'sse' | 'ws'): FaultCase[] => [
  {
    fault: 'broadcast_events',
    name: `broadcast_events (ag_ui over ${transport})`,
    suite: 'isolation',
    testNamePattern: 'no event crosses users',
    env: agUi(transport),
    expect: [/\[cross_user_leak\] \d+ event\(s\) of \d+ run\(s\) reached connections of other users/],
  },
  {
    // Over SSE a 500 for a body that is not JSON; over the WebSocket a 1011.
    fault: 'crash_on_malformed',
    name: `crash_on_malformed (ag_ui over ${transport})`,
    suite: 'close-codes',
    testNamePattern: 'invalid-json',
    env: agUi(transport),
    expect:
      transport === 'sse'
        ? [/\[internal_error\] invalid JSON \(a user message cut in half\) was answered HTTP 500/]
        : [/\[internal_error\] invalid JSON \(a user message cut in half\) was answered with close 1011/],
  },
  {
    fault: 'no_keepalive',
    name: `no_keepalive (ag_ui over ${transport})`,
    suite: 'streaming',
    env: agUi(transport),
    expect: [/\[stream_quiet\] stream went quiet for \d+ ms/],
  },
];

export const agUiCases: FaultCase[] = [
  ...rows('sse'),
  ...rows('ws'),
  ...suiteRows('sse'),
  ...suiteRows('ws'),
  // A client that leaves mid-run (over SSE: aborts its request): the run's next write kills the server.
  {
    fault: 'crash_after_client_close',
    name: 'crash_after_client_close (ag_ui over sse)',
    suite: 'send-after-close',
    env: agUi('sse'),
    expect: [/\[server_crashed\] after a client aborts its request mid-run, the server crashed/, /send after close/],
  },
  {
    fault: 'crash_after_client_close',
    name: 'crash_after_client_close (ag_ui over ws)',
    suite: 'send-after-close',
    testNamePattern: 'closes cleanly',
    env: agUi('ws'),
    expect: [
      /\[server_crashed\] after a client closes cleanly \(1000\) mid-run, the server crashed/,
      /send after close/,
    ],
  },
  // A run's POST carries its token: the auth parts of header-compat judge the answer to it.
  {
    fault: 'accept_expired',
    name: 'accept_expired (ag_ui over sse)',
    suite: 'header-compat',
    testNamePattern: 'auth matrix',
    env: agUi('sse'),
    expect: [/\[invalid_token_accepted\] an expired token sent in the Authorization header was accepted: HTTP 200/],
  },
  {
    fault: 'case_sensitive_bearer',
    name: 'case_sensitive_bearer (ag_ui over sse)',
    suite: 'header-compat',
    testNamePattern: 'Bearer',
    env: agUi('sse'),
    expect: [/\[header_case_sensitive\] the server did not accept "authorization: bearer …" \(HTTP 401/],
  },
  {
    // SSE comments slower than a proxy's idle timeout: the stream is cut mid-answer, as a WebSocket would be.
    name: 'REF_PROXY=idle_cut:700 (ag_ui over sse)',
    fault: '',
    suite: 'streaming',
    env: { ...agUi('sse'), REF_PROXY: 'idle_cut:700', REF_KEEPALIVE_MS: '2000', E2E_PROXY_IDLE_HINT_MS: '500' },
    expect: [/\[stream_idle_cut\]/, /1006/, /idle timeout in a proxy or load balancer/],
  },
];
