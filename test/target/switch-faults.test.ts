import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../framework/config/load-config.ts';
import { resolveTarget } from '../../framework/target/resolve-target.ts';
import { restartTarget, setTargetFaults } from '../../framework/target/target-control.ts';
import { waitUntil } from './support/process-watch.ts';

const SECRET = 'switch-faults-test-secret-0123456789';

async function version(backendUrl: string): Promise<string> {
  const res = await request(`${backendUrl}/health`);
  return ((await res.body.json()) as { version: string }).version;
}

describe('local target with REF_ADMIN_SECRET: faults switched at run time', () => {
  it('switches the running stack, keeps the switch across a restart, and never writes the secret', async () => {
    const reportDir = mkdtempSync(join(tmpdir(), 'gp-switch-'));
    const config = loadConfig({ E2E_ENV: 'local', REF_ADMIN_SECRET: SECRET, E2E_REPORT_DIR: reportDir });
    const target = await resolveTarget(config);
    const { resolved } = target;
    try {
      const backendUrl = resolved.backendUrl;
      expect(await version(backendUrl)).toBe('0.1.0');
      await setTargetFaults(resolved, 'report_version:7.7.7', 20_000);
      // The same URL, now answering with the fault on.
      expect(await version(backendUrl)).toBe('7.7.7');
      await restartTarget(resolved, 20_000);
      expect(await version(backendUrl)).toBe('7.7.7');
      await setTargetFaults(resolved, '', 20_000);
      expect(await version(backendUrl)).toBe('0.1.0');
      // A bad value is refused with the reference's own words, and the faults in force stay.
      await expect(setTargetFaults(resolved, 'no_such_fault', 20_000)).rejects.toThrow(
        /faults failed \(HTTP 500\): the reference refused the faults "no_such_fault" \(HTTP 400\): REF_FAULTS: unknown fault "no_such_fault"/,
      );
      expect(await version(backendUrl)).toBe('0.1.0');
    } finally {
      await target.stop();
    }
    expect(readFileSync(resolved.logFile!, 'utf8')).not.toContain(SECRET);
    rmSync(reportDir, { recursive: true, force: true });
  });

  it('a stack that a fault killed is started again with the new faults', async () => {
    const reportDir = mkdtempSync(join(tmpdir(), 'gp-switch-'));
    const config = loadConfig({ E2E_ENV: 'local', REF_ADMIN_SECRET: SECRET, E2E_REPORT_DIR: reportDir });
    const target = await resolveTarget(config);
    try {
      // The READY line reaches the log file a moment after the stack has started.
      const pidInLog = () => /REFERENCE_READY .*"pid":(\d+)/.exec(readFileSync(target.resolved.logFile!, 'utf8'))?.[1];
      expect(await waitUntil(() => pidInLog() !== undefined, 5000)).toBe(true);
      const pid = Number(pidInLog());
      process.kill(pid, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 100));
      await setTargetFaults(target.resolved, 'report_version:8.8.8', 20_000);
      expect(await version(target.resolved.backendUrl)).toBe('8.8.8');
    } finally {
      await target.stop();
    }
    rmSync(reportDir, { recursive: true, force: true });
  });

  it('a target started without the secret cannot switch: the control says so', async () => {
    const reportDir = mkdtempSync(join(tmpdir(), 'gp-switch-'));
    const target = await resolveTarget(loadConfig({ E2E_ENV: 'local', E2E_REPORT_DIR: reportDir }));
    try {
      await expect(setTargetFaults(target.resolved, 'no_pong', 5_000)).rejects.toThrow(/faults failed \(HTTP 404\)/);
    } finally {
      await target.stop();
    }
    rmSync(reportDir, { recursive: true, force: true });
  });
});
