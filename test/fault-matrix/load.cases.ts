import type { FaultCase } from './fault-case.ts';

// Fewer users than the env file's own figures keep each row to a few seconds; the thresholds are local.env's.
const SMALL = { E2E_LOAD_USERS: '120', E2E_LOAD_CONCURRENCY: '60', E2E_LOAD_RATE: '100', E2E_LOAD_DURATION_S: '1' };

/** Faults the load suite exists to catch; each must fail it with the threshold it crossed named. */
export const loadCases: FaultCase[] = [
  {
    fault: 'slow_handshake:600',
    suite: 'concurrent-load',
    // Calibrated (local.env): the delay shows alone, before any load, against the env file's figure.
    expect: [
      /load thresholds? crossed: alone_handshake/,
      /handshake alone 6\d\d\.\d ms > 250\.0 ms \(median of \d+ run one at a time before the load; E2E_MAX_MEAN_HANDSHAKE_MS\)/,
      /Timeline of load_u\d+/,
    ],
    env: SMALL,
    // One load run is enough to show it: each calibrates alone first, at 600 ms a handshake.
    testNamePattern: 'fixed concurrency',
  },
  {
    // Few enough that any overlap trips it: on a starved machine the client may open 60 users' connections
    // no faster than the server finishes them, and 20 were once never open at the same time.
    fault: 'max_connections:4',
    suite: 'concurrent-load',
    expect: [/success rate [\d.]+ < [\d.]+ \(E2E_MIN_SUCCESS_RATE\)/, /HTTP 503 ×\d+/, /upgrade refused with HTTP 503/],
    env: SMALL,
    testNamePattern: 'fixed concurrency',
  },
  {
    fault: 'close_1011_rate:0.1',
    suite: 'concurrent-load',
    expect: [/1011 rate 0\.\d+ > 0\.000 \(E2E_MAX_1011_RATE\)/, /closed with 1011/, /Timeline of load_u\d+/],
    env: SMALL,
    // The open loop: its users arrive whatever the server does, and still meet the 1011s.
    testNamePattern: 'open loop',
  },
  {
    fault: 'broadcast_events',
    suite: 'concurrent-load',
    expect: [
      /users that saw another user's events \d+ > 0/,
      /received \d+ events of \d+ run\(s\) that are not load_u\d+'s own/,
    ],
    env: SMALL,
    testNamePattern: 'fixed concurrency',
  },
];
