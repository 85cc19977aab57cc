import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/support/run-cli.ts';
import { NO_REAPER, engineProblem, skipWithoutEngine } from './support/docker-engine.ts';

// The container path is a target like the others: a broken backend inside it is caught, not passed.
describe('the docker target with a fault', () => {
  const reports = mkdtempSync(join(tmpdir(), 'gp-docker-fault-'));
  afterAll(() => rmSync(reports, { recursive: true, force: true }));

  it(
    'REF_FAULTS=drop_event:tool_completed in the container: exit 1, the missing event named',
    { timeout: 620_000 },
    async ({ skip }) => {
      skipWithoutEngine(await engineProblem(), skip);
      const env = { ...NO_REAPER, REF_FAULTS: 'drop_event:tool_completed', E2E_REPORT_DIR: reports };
      const r = await runCli(['run', '--env', 'docker', '--suite', 'golden-path'], env, 600_000);
      const out = r.stdout + r.stderr;
      expect(r.code, out).toBe(1);
      expect(out).toMatch(/golden path broken for user_\w+#\d+ \(run run_\w+\)/);
      expect(out).toContain('[missing_event] tool_completed never arrived');
    },
  );
});
