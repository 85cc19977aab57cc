import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseEnv } from 'dotenv';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenFactory } from '../../framework/auth/token-factory.ts';
import { ROOT } from '../cli/support/run-cli.ts';
import { docker, healthy, type DockerResult } from './support/docker-cli.ts';
import { engineProblem, skipWithoutEngine } from './support/docker-engine.ts';

// The shard container of the Kubernetes Indexed Job, as written: its command runs here unchanged.
interface JobContainer {
  command: string[];
  workingDir: string;
}
const job = parseAllDocuments(readFileSync(join(ROOT, 'deploy/kubernetes/golden-path-shards.yaml'), 'utf8'))
  .map((d) => d.toJS() as { kind: string; spec: { template?: { spec: { containers: JobContainer[] } } } })
  .find((d) => d.kind === 'Job')!;
const { command, workingDir } = job.spec.template!.spec.containers[0]!;
// The reference container runs with what env/docker.env gives it; the harness reads the same file.
const REF = Object.entries(parseEnv(readFileSync(join(ROOT, 'env/docker.env')))).filter(([k]) => k.startsWith('REF_'));

const id = randomBytes(4).toString('hex');
const HARNESS = `golden-path-harness:test-${id}`;
const REFERENCE = `golden-path-reference:test-${id}`;
const NETWORK = `golden-path-test-${id}`;
const show = (r: DockerResult) => `exit ${r.code} after ${r.durationMs} ms\n${r.stdout}\n${r.stderr}`;

const CASES = [
  { name: 'a sound reference: exit 0', faults: '', code: 0, finding: undefined },
  {
    name: 'REF_FAULTS=drop_event:tool_completed on the reference: exit 1, the finding named',
    faults: 'drop_event:tool_completed',
    code: 1,
    finding: '[missing_event] tool_completed never arrived',
  },
];

describe('the harness image, one shard of the Kubernetes Job against the reference container', () => {
  let problem: string | undefined;
  let built = false;
  const containers: string[] = [];
  const reports = mkdtempSync(join(tmpdir(), 'gp-harness-image-'));

  beforeAll(async () => {
    problem = await engineProblem();
  });

  afterAll(async () => {
    if (problem) return rmSync(reports, { recursive: true, force: true });
    if (containers.length > 0) await docker(['rm', '-f', ...containers], { timeoutMs: 60_000 });
    // The shards wrote as root: remove their files from inside, where this user may not be root.
    if (built)
      await docker(
        ['run', '--rm', '-v', `${reports}:/reports`, '--entrypoint', 'rm', HARNESS, '-rf', '/reports/runs'],
        { timeoutMs: 60_000 },
      );
    await docker(['network', 'rm', NETWORK], { timeoutMs: 30_000 });
    await docker(['rmi', HARNESS, REFERENCE], { timeoutMs: 60_000 });
    rmSync(reports, { recursive: true, force: true });
  }, 240_000);

  it(
    'builds the harness and reference images from the repository root; the harness has its CLI and tar',
    { timeout: 1_300_000 },
    async ({ skip }) => {
      skipWithoutEngine(problem, skip);
      const harness = await docker(['build', '-q', '-t', HARNESS, '-f', join(ROOT, 'Dockerfile'), ROOT], {
        timeoutMs: 600_000,
      });
      expect(harness.code, show(harness)).toBe(0);
      const reference = await docker(['build', '-q', '-t', REFERENCE, '-f', join(ROOT, 'reference/Dockerfile'), ROOT], {
        timeoutMs: 600_000,
      });
      expect(reference.code, show(reference)).toBe(0);
      built = true;
      const help = await docker(['run', '--rm', HARNESS], { timeoutMs: 60_000 });
      expect(help.code, show(help)).toBe(0);
      expect(help.stdout).toMatch(/golden-path/);
      const tar = await docker(['run', '--rm', '--entrypoint', 'tar', HARNESS, '--version'], { timeoutMs: 60_000 });
      expect(tar.code, show(tar)).toBe(0);
      const network = await docker(['network', 'create', NETWORK], { timeoutMs: 30_000 });
      expect(network.code, show(network)).toBe(0);
    },
  );

  it.for(CASES)('$name', { timeout: 600_000 }, async ({ faults, code, finding }, { skip }) => {
    skipWithoutEngine(problem, skip);
    if (!built) throw new Error('the images were not built (see the first test)');
    const run = faults ? 'fault' : 'sound';
    const reference = `golden-path-ref-${id}-${run}`;
    const shard = `golden-path-shard-${id}-${run}`;
    containers.push(reference, shard);
    const { privateJwk } = await TokenFactory.generateKey();
    const users = ['alice', 'bob', 'carol']
      .map((n) => `${n}@example.com:${randomBytes(12).toString('base64url')}`)
      .join(',');
    // Secrets by name only (`-e NAME`), as a Secret reaches the pod: never on a command line.
    const secrets = {
      REF_SIGNING_KEY: JSON.stringify(privateJwk),
      REF_USERS: users,
      E2E_SIGNING_KEY: JSON.stringify(privateJwk),
      E2E_USERS: users,
    };

    const started = await docker(
      [
        'run',
        '-d',
        '--name',
        reference,
        '--network',
        NETWORK,
        '-e',
        'REF_SIGNING_KEY',
        '-e',
        'REF_USERS',
        '-e',
        `REF_FAULTS=${faults}`,
        ...REF.flatMap(([k, v]) => ['-e', `${k}=${v}`]),
        REFERENCE,
      ],
      { timeoutMs: 60_000, env: secrets },
    );
    expect(started.code, show(started)).toBe(0);
    expect(await healthy(reference, 90_000), `health of ${reference}`).toBe('healthy');

    const r = await docker(
      [
        'run',
        '--rm',
        '--name',
        shard,
        '--network',
        NETWORK,
        '-v',
        `${reports}:/reports`,
        '-w',
        workingDir,
        '--entrypoint',
        command[0]!,
        '-e',
        'JOB_COMPLETION_INDEX=0',
        '-e',
        `E2E_REPORT_DIR=/reports/runs/${run}`,
        // The Job's env is staging; here the target is the container beside it, with docker.env's timings.
        '-e',
        'E2E_ENV=docker',
        '-e',
        'E2E_TARGET=remote',
        '-e',
        `E2E_BACKEND_URL=http://${reference}:8080`,
        '-e',
        `E2E_WS_URL=ws://${reference}:8080/ws`,
        '-e',
        `E2E_AUTH_URL=http://${reference}:8081`,
        '-e',
        'E2E_USERS',
        '-e',
        'E2E_SIGNING_KEY',
        HARNESS,
        ...command.slice(1),
      ],
      { timeoutMs: 480_000, env: secrets },
    );
    expect(r.code, show(r)).toBe(code);
    expect(r.stderr).toContain('golden-path shard 1/4: functional');
    if (finding) expect(r.stdout).toContain(finding);
    const dir = join(reports, 'runs', run, 'shards');
    for (const blob of ['functional-1-of-4.json', 'load-1-of-4.json'])
      expect(existsSync(join(dir, 'blobs', blob)), `${blob} in ${dir}`).toBe(true);
    const junit = readdirSync(join(dir, 'reports')).filter((part) =>
      existsSync(join(dir, 'reports', part, 'junit.xml')),
    );
    expect(junit.length, `junit.xml under ${dir}/reports`).toBeGreaterThan(0);
    await docker(['rm', '-f', reference], { timeoutMs: 60_000 });
  });
});
