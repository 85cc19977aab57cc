import { aroundEach, inject } from 'vitest';
import { loadConfig } from '../config/load-config.ts';
import { enterGate } from './run-gate.ts';
import './resolved-target.ts';

// The longest a test waits for the gate: the alone tests ahead of it (two load runs, each bounded by
// E2E_LOAD_MAX_S plus its timeouts, and a restart) have ended by then, passed or timed out.
const { load, timeouts } = loadConfig();
const WAIT_MS = 3 * (load.maxS * 1000 + timeouts.handshakeMs + timeouts.runMs + 30_000);

/**
 * vitest setupFile of the e2e project: every test holds the run's gate while it runs, from its
 * first fixture to the last socket its fixtures close. Tests tagged `alone` (load runs, a restart
 * of the target, a look at the server's log, limits a backend may keep per user or per address)
 * hold it by themselves; the rest hold it together.
 */
aroundEach(async (runTest, { task }) => {
  const leave = await enterGate(inject('gate'), task.tags?.includes('alone') ? 'alone' : 'shared', WAIT_MS);
  try {
    await runTest();
  } finally {
    leave();
  }
}, WAIT_MS + 1000);
