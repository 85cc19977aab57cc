import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadConfig } from '../../framework/config/load-config.ts';
import { resolveTarget } from '../../framework/target/resolve-target.ts';
import { restartTarget, switchTarget } from '../../framework/target/target-control.ts';
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
      await switchTarget(resolved, { faults: 'report_version:7.7.7' }, 20_000);
      // The same URL, now answering with the fault on.
      expect(await version(backendUrl)).toBe('7.7.7');
      await restartTarget(resolved, 20_000);
      expect(await version(backendUrl)).toBe('7.7.7');
      await switchTarget(resolved, { faults: '' }, 20_000);
      expect(await version(backendUrl)).toBe('0.1.0');
      // A bad value is refused with the reference's own words, and the faults in force stay.
      await expect(switchTarget(resolved, { faults: 'no_such_fault' }, 20_000)).rejects.toThrow(
        /switch failed \(HTTP 500\): the reference refused the faults "no_such_fault" \(HTTP 400\): REF_FAULTS: unknown fault "no_such_fault"/,
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
      await switchTarget(target.resolved, { faults: 'report_version:8.8.8' }, 20_000);
      expect(await version(target.resolved.backendUrl)).toBe('8.8.8');
    } finally {
      await target.stop();
    }
    rmSync(reportDir, { recursive: true, force: true });
  });

  it('switches other REF_* settings by starting the stack again with them, the proxy included', async () => {
    const reportDir = mkdtempSync(join(tmpdir(), 'gp-switch-'));
    onTestFinished(() => rmSync(reportDir, { recursive: true, force: true }));
    const config = loadConfig({ E2E_ENV: 'local', REF_ADMIN_SECRET: SECRET, E2E_REPORT_DIR: reportDir });
    const target = await resolveTarget(config);
    const { resolved } = target;
    try {
      // Behind a proxy: new URLs, which serve the backend.
      const behind = await switchTarget(resolved, { faults: '', reference: { REF_PROXY: 'pass' } }, 20_000);
      expect(new URL(behind.backendUrl).port).not.toBe(new URL(resolved.backendUrl).port);
      expect(await version(behind.backendUrl)).toBe('0.1.0');
      // Direct again, with another setting: the URLs the run started with, the stack started again.
      const settings = { REF_VERSION: '2.0.0' };
      const direct = await switchTarget(resolved, { faults: '', reference: settings }, 20_000);
      expect(direct).toEqual({ backendUrl: resolved.backendUrl, wsUrl: resolved.wsUrl });
      expect(await version(direct.backendUrl)).toBe('2.0.0');
      await expect(version(behind.backendUrl), 'the proxy outlived its setting').rejects.toThrow(/ECONNREFUSED/);
      // The same settings with other faults: switched on the running stack; a restart keeps both.
      await switchTarget(resolved, { faults: 'report_version:9.9.9', reference: settings }, 20_000);
      expect(await version(direct.backendUrl)).toBe('9.9.9');
      await restartTarget(resolved, 20_000);
      expect(await version(direct.backendUrl)).toBe('9.9.9');
      // Back to the settings the run started with.
      await switchTarget(resolved, { faults: '' }, 20_000);
      expect(await version(resolved.backendUrl)).toBe('0.1.0');
      await expect(switchTarget(resolved, { faults: '', reference: { REF_USERS: 'x' } }, 20_000)).rejects.toThrow(
        /REF_USERS cannot be switched on a running stack/,
      );
    } finally {
      await target.stop();
    }
  });

  it('a target started without the secret cannot switch: the control says so', async () => {
    const reportDir = mkdtempSync(join(tmpdir(), 'gp-switch-'));
    const target = await resolveTarget(loadConfig({ E2E_ENV: 'local', E2E_REPORT_DIR: reportDir }));
    try {
      await expect(switchTarget(target.resolved, { faults: 'no_pong' }, 5_000)).rejects.toThrow(
        /switch failed \(HTTP 404\)/,
      );
    } finally {
      await target.stop();
    }
    rmSync(reportDir, { recursive: true, force: true });
  });
});
