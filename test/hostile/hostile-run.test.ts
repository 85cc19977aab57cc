import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startHostileServer, type HostileServer } from './support/hostile-server.ts';
import { runHarness, type HarnessRun } from './support/run-harness.ts';

// The bounds the harness must hold against a target that misbehaves, whatever it sends. The RSS
// bound catches growth with the flood (a timeline or a report that keeps every frame), not the
// baseline: the busiest process peaked at 294-317 MiB in four flood runs here (2026-12-02).
const MAX_RSS_BYTES = 400 * 1024 * 1024;
const MAX_REPORT_BYTES = 5 * 1024 * 1024;
const RUN_TIMEOUT_MS = 100_000;

const servers: HostileServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function runAgainst(...args: Parameters<typeof startHostileServer>): Promise<HarnessRun> {
  const server = await startHostileServer(...args);
  servers.push(server);
  return runHarness(server, { suites: ['golden-path'], timeoutMs: RUN_TIMEOUT_MS });
}

function expectBounded(run: HarnessRun): void {
  const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
  expect(run.durationMs, run.output.slice(-4000)).toBeLessThan(RUN_TIMEOUT_MS);
  expect(run.peakRss.bytes, `peak RSS ${mb(run.peakRss.bytes)} in ${run.peakRss.command}`).toBeLessThan(MAX_RSS_BYTES);
  for (const report of run.reports)
    expect(report.bytes, `${report.file} is ${mb(report.bytes)}`).toBeLessThan(MAX_REPORT_BYTES);
}

// Peak RSS is read from /proc: Linux only.
describe.skipIf(!existsSync('/proc/self/status'))(
  'a whole run against a hostile target stays bounded',
  { timeout: RUN_TIMEOUT_MS + 20_000 },
  () => {
    it('a 100 MiB frame: each connection is closed with 1009, the size and E2E_MAX_PAYLOAD_BYTES named', async () => {
      const run = await runAgainst('huge_frame');

      expectBounded(run);
      expect(run.code, run.output.slice(-4000)).toBe(1);
      // Each timeline shows the close, whether it came before the test's send or during its run.
      expect(run.output, run.output.slice(-4000)).toContain(
        '→ close 1009 "a message of 104857600 bytes over E2E_MAX_PAYLOAD_BYTES=16777216"',
      );
      expect(run.reports.map((r) => r.file).sort()).toEqual(['index.html', 'junit.xml', 'summary.json']);
    });

    it('a flood of 10,000 frames a second: each connection is closed at its message cap, the reports stay small', async () => {
      const run = await runAgainst('flood');

      expectBounded(run);
      expect(run.code, run.output.slice(-4000)).toBe(1);
      expect(run.output, run.output.slice(-4000)).toContain(
        '→ close 1008 "more than 20000 messages on one connection"',
      );
      expect(run.reports.map((r) => r.file).sort()).toEqual(['index.html', 'junit.xml', 'summary.json']);
    });

    it('101, then bytes that are not frames: the preflight stops the run at once with the protocol error', async () => {
      const run = await runAgainst('garbage_after_101');

      expectBounded(run);
      expect(run.code, run.output.slice(-4000)).toBe(2);
      const diagnoses = run.output.split('\n').filter((l) => l.startsWith('golden-path: preflight failed: '));
      expect(diagnoses).toEqual([
        expect.stringContaining(
          'got 101, then bytes that are not WebSocket frames: Invalid WebSocket frame: RSV1 must be clear (WS_ERR_UNEXPECTED_RSV_1)',
        ),
      ]);
      expect(run.durationMs).toBeLessThan(30_000);
    });
  },
);
