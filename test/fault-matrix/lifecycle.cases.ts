import type { FaultCase } from './fault-case.ts';

/** Faults the lifecycle suites exist to catch: keepalive, idle cuts, resume, isolation, heartbeat, crashes, stale builds. */
export const lifecycleCases: FaultCase[] = [
  // A long wait with no event and no ping: the gap names the missing keepalive.
  {
    fault: 'no_keepalive',
    suite: 'streaming',
    expect: [/\[stream_quiet\]/, /went quiet for \d+ ms after agent_thinking/, /keepalive/],
  },
  // A proxy that cuts after 200 ms of quiet, with a keepalive every ~250 ms: a cut after a quiet spell, named as an idle timeout.
  {
    fault: 'idle_cut:200',
    suite: 'streaming',
    env: { E2E_PROXY_IDLE_HINT_MS: '150' },
    expect: [/\[stream_idle_cut\]/, /1006/, /idle timeout in a proxy or load balancer/],
  },
  {
    fault: 'no_keepalive',
    suite: 'heartbeat',
    testNamePattern: 'stated interval',
    expect: [/\[server_pings_missing\]/],
  },
  // The server drops a silent client later than the env file states (3.5 s, 1.5 s stated).
  {
    fault: '',
    name: 'REF_IDLE_LIMIT_MS=3500, 1500 stated',
    suite: 'heartbeat',
    testNamePattern: 'stops answering pings',
    env: { REF_IDLE_LIMIT_MS: '3500' },
    expect: [/\[idle_limit_exceeded\]/, /past the bound of 2000 ms/],
  },
  // The server pings at another interval than the env file states: slower, then faster.
  {
    fault: '',
    name: 'REF_PING_INTERVAL_MS=1200, 500 stated',
    suite: 'heartbeat',
    testNamePattern: 'stated interval',
    env: { REF_PING_INTERVAL_MS: '1200', REF_IDLE_LIMIT_MS: '4000' },
    expect: [/\[ping_interval_off\]/, /every gap over 1\.5×/],
  },
  {
    fault: '',
    name: 'REF_PING_INTERVAL_MS=150, 500 stated',
    suite: 'heartbeat',
    testNamePattern: 'stated interval',
    env: { REF_PING_INTERVAL_MS: '150' },
    expect: [/\[ping_interval_off\]/, /the gaps under half of it on average/],
  },
  { fault: 'no_pong', suite: 'heartbeat', testNamePattern: 'pong', expect: [/\[no_pong\]/] },
  {
    fault: 'resume_loses_event',
    suite: 'reconnect',
    testNamePattern: 'dropped mid-run',
    expect: [/\[resume_lost_event\] seq \d+ never arrived/, /resume after_seq/],
  },
  {
    fault: 'resume_duplicates_event',
    suite: 'reconnect',
    testNamePattern: 'dropped mid-run',
    expect: [/\[resume_duplicated_event\] seq \d+ .*arrived 2 times/],
  },
  // Every resume closes its connection 1011: the client keeps backing off instead of redialling at once, stops at its cap, and says how each connection ended.
  {
    fault: 'close_1011_on_resume',
    suite: 'reconnect',
    testNamePattern: 'dropped mid-run',
    expect: [
      /\[resume_closed_connection\] the backend answered every resume with close 1011 "internal error"/,
      /gave up after 10 attempt\(s\) in \d+ ms \(the cap of 10\): 10 connection\(s\) closed/,
    ],
    forbid: [/\d\.\d{3,} ms/],
  },
  {
    fault: 'broadcast_events',
    suite: 'isolation',
    testNamePattern: 'no event crosses users',
    expect: [/\[cross_user_leak\]/, /received \d+ event\(s\) of run \S+, which belongs to user_/],
  },
  {
    fault: 'resume_ignores_owner',
    suite: 'isolation',
    testNamePattern: "another user's run_id",
    expect: [/\[foreign_resume_replayed\]/],
  },
  {
    fault: 'crash_after_client_close',
    suite: 'send-after-close',
    testNamePattern: 'closes cleanly',
    expect: [/\[server_crashed\]/, /send after close/],
  },
  // A stale build stops the run in global setup (exit 2) before any test, naming both versions.
  {
    fault: 'report_version:0.0.9',
    suite: 'preflight',
    env: { E2E_EXPECT_VERSION: '0.1.0' },
    stopsRun: true,
    expect: [/preflight failed: target serves version 0\.0\.9, expected 0\.1\.0/],
  },
];
