import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../framework/cli/exit-codes.ts';
import { parseArgs } from '../../framework/cli/parse-args.ts';
import { shardFromEnv } from '../../framework/shard/shard-from-env.ts';
import { ROOT } from '../cli/support/run-cli.ts';

const K8S = join(ROOT, 'deploy/kubernetes');

interface Container {
  name: string;
  command: string[];
  env?: { name: string; value?: string; valueFrom?: { configMapKeyRef?: { name: string; key: string } } }[];
  volumeMounts: { name: string; mountPath: string }[];
}
interface Workload {
  kind: string;
  metadata: { name: string };
  spec: Record<string, unknown> & {
    completions?: number;
    parallelism?: number;
    activeDeadlineSeconds?: number;
    template?: { spec: PodSpec };
  } & Partial<PodSpec>;
}
interface PodSpec {
  restartPolicy: string;
  containers: Container[];
  volumes: { name: string; persistentVolumeClaim: { claimName: string } }[];
}

const docs = (file: string) =>
  parseAllDocuments(readFileSync(join(K8S, file), 'utf8')).map((d) => d.toJS() as Workload);
const [pvc, shards] = docs('golden-path-shards.yaml') as [Workload, Workload];
const [merge] = docs('golden-path-merge.yaml') as [Workload];
const [collect] = docs('golden-path-collect.yaml') as [Workload];
const MANIFESTS = { pvc, shards, merge, collect };
const pod = (w: Workload): PodSpec => (w.spec.template?.spec ?? w.spec) as PodSpec;
const container = (w: Workload): Container => pod(w).containers[0]!;
const envOf = (w: Workload, name: string) => container(w).env?.find((e) => e.name === name);

/** `a.b.0.c` of an object, as a table row names a field. */
const field = (o: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);

describe('the Kubernetes Indexed Job: every shard runs to its end and its report is kept', () => {
  it.each<[keyof typeof MANIFESTS, string, unknown, string]>([
    ['shards', 'spec.completionMode', 'Indexed', 'each pod gets JOB_COMPLETION_INDEX, i.e. its shard'],
    [
      'shards',
      'spec.backoffLimit',
      undefined,
      'it counts the failures of all shards: at 0 the first failed shard failed the Job and Kubernetes killed the others',
    ],
    ['shards', 'spec.backoffLimitPerIndex', 1, 'a failed shard fails its own index only; a crash gets one more try'],
    ['shards', 'spec.maxFailedIndexes', undefined, 'a cap on failed indexes would stop the remaining shards'],
    ['shards', 'spec.template.spec.restartPolicy', 'Never', 'required by backoffLimitPerIndex and podFailurePolicy'],
    [
      'shards',
      'spec.podFailurePolicy.rules.0',
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
      'an evicted shard judged nothing: it runs again, uncounted',
    ],
    [
      'shards',
      'spec.podFailurePolicy.rules.1',
      {
        action: 'FailIndex',
        onExitCodes: { containerName: 'shard', operator: 'In', values: [EXIT.failed, EXIT.config] },
      },
      'a verdict (1) or a configuration error (2) is a finding: not retried',
    ],
    ['shards', 'spec.template.spec.containers.0.name', 'shard', 'the container the exit-code rule names'],
    [
      'shards',
      'spec.template.spec.containers.0.command.0',
      'node',
      "node gets the pod's SIGTERM, and npx could fetch a package at run time",
    ],
    [
      'merge',
      'spec.template.spec.containers.0.command',
      ['node', 'bin/golden-path.js', 'merge', '/reports/runs/$(GOLDEN_PATH_RUN)/shards'],
      "the merge reads this run's shards, not last night's",
    ],
    ['merge', 'spec.backoffLimit', 0, 'one merge: its exit code is the verdict'],
    ['pvc', 'spec.accessModes', ['ReadWriteMany'], "the shards' pods may run on different nodes and all write to it"],
  ])('%s %s', (doc, path, expected, why) => {
    expect(field(MANIFESTS[doc], path), why).toEqual(expected);
  });

  it('N is one number: completions, parallelism and --count, and every index maps to one shard of N', () => {
    const argv = container(shards).command;
    const count = Number(argv[argv.indexOf('--count') + 1]);
    expect([shards.spec.completions, shards.spec.parallelism]).toEqual([count, count]);
    expect(existsSync(join(ROOT, argv[3]!)), argv.join(' ')).toBe(true);
    const seen = Array.from({ length: count }, (_, i) => shardFromEnv({ JOB_COMPLETION_INDEX: String(i) }, count));
    expect(seen).toEqual(Array.from({ length: count }, (_, i) => ({ index: i + 1, count })));
  });

  it("the shards and the merge share one run's directory on one volume", () => {
    const run = { configMapKeyRef: { name: 'golden-path-run', key: 'run' } };
    for (const job of [shards, merge]) expect(envOf(job, 'GOLDEN_PATH_RUN')?.valueFrom, job.metadata.name).toEqual(run);
    // Kubernetes expands $(GOLDEN_PATH_RUN) only when it is defined above the variable that uses it.
    const names = container(shards).env!.map((e) => e.name);
    expect(names.indexOf('GOLDEN_PATH_RUN')).toBeLessThan(names.indexOf('E2E_REPORT_DIR'));
    const reportDir = envOf(shards, 'E2E_REPORT_DIR')?.value;
    expect(reportDir).toBe('/reports/runs/$(GOLDEN_PATH_RUN)');
    expect(container(merge).command.at(-1)).toBe(`${reportDir}/shards`);
    expect(parseArgs(container(merge).command.slice(2))).toMatchObject({ kind: 'merge' });
    for (const w of [shards, merge, collect]) {
      expect(pod(w).volumes, w.metadata.name).toEqual([
        { name: 'reports', persistentVolumeClaim: { claimName: pvc.metadata.name } },
      ]);
      expect(container(w).volumeMounts[0], w.metadata.name).toMatchObject({ name: 'reports', mountPath: '/reports' });
    }
  });

  it("run.sh outwaits the Job's own deadline, and nothing documents a wait on Complete alone", () => {
    const script = readFileSync(join(K8S, 'run.sh'), 'utf8');
    expect(Number(/job_end golden-path-shards (\d+)/.exec(script)?.[1])).toBeGreaterThan(
      shards.spec.activeDeadlineSeconds!,
    );
    const files = [
      'README.md',
      ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`),
      ...readdirSync(K8S).map((f) => `deploy/kubernetes/${f}`),
    ];
    const waits = files.flatMap((f) =>
      readFileSync(join(ROOT, f), 'utf8')
        .split('\n')
        .filter((l) => /^[#\s]*kubectl wait --for=condition=complete/.test(l))
        .map((l) => `${f}: ${l}`),
    );
    expect(waits).toEqual([]);
  });
});

// A stand-in kubectl: logs every call, answers the Job's conditions poll by poll from FAKE_SHARDS ("|"-separated).
const FAKE_KUBECTL = `#!/usr/bin/env bash
printf '%s\\n' "$*" >> "$FAKE/calls"
case "$1 $2" in
  "get job/golden-path-shards")
    if [[ "$*" == *failedIndexes* ]]; then printf '1,3'; exit 0; fi
    n=$(cat "$FAKE/polls" 2>/dev/null || echo 0); echo $((n + 1)) > "$FAKE/polls"
    IFS='|' read -ra states <<< "$FAKE_SHARDS"
    printf '%s' "\${states[$(( n < \${#states[@]} ? n : \${#states[@]} - 1 ))]}" ;;
  "get job/golden-path-merge") printf '%s' "$FAKE_MERGE_END" ;;
  "get pods") printf '%s' "$FAKE_MERGE_EXIT" ;;
  "create configmap") echo "kind: ConfigMap" ;;
  "apply -f") if [[ "$3" == - ]]; then cat > /dev/null; fi ;;
  "logs job/golden-path-merge") echo "merged result: $FAKE_MERGE_END" ;;
  cp\\ *) mkdir -p "$3" && echo '{}' > "$3/summary.json" ;;
esac
`;

describe('run.sh against a stand-in kubectl', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    [
      'a shard failed: the Job ends Failed, the merge still runs and says 1',
      '|FailureTarget|FailureTarget Failed',
      'Failed',
      EXIT.failed,
      3,
    ],
    ['every shard passed: Complete, merge 0', '|SuccessCriteriaMet Complete', 'Complete', EXIT.pass, 2],
  ])('%s', (_what, conditions, mergeEnd, mergeExit, polls) => {
    const dir = mkdtempSync(join(tmpdir(), 'gp-k8s-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'kubectl'), FAKE_KUBECTL);
    chmodSync(join(dir, 'kubectl'), 0o755);
    const out = join(dir, 'out');
    const started = Date.now();
    const r = spawnSync('bash', [join(K8S, 'run.sh')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
      env: {
        ...process.env,
        PATH: `${dir}:${process.env.PATH}`,
        FAKE: dir,
        FAKE_SHARDS: conditions,
        FAKE_MERGE_END: mergeEnd,
        FAKE_MERGE_EXIT: String(mergeExit),
        GOLDEN_PATH_RUN: 'nightly-1',
        GOLDEN_PATH_OUT: out,
        GOLDEN_PATH_POLL_S: '0.01',
      },
    });
    expect(r.status, r.stdout + r.stderr).toBe(mergeExit);
    expect(Date.now() - started).toBeLessThan(10_000);
    const calls = readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n');
    const at = (prefix: string) => calls.findIndex((c) => c.startsWith(prefix));
    const lastPoll = calls.findLastIndex((c) =>
      c.startsWith('get job/golden-path-shards -o jsonpath={.status.conditions'),
    );
    expect(
      calls.filter((c) => c.startsWith('get job/golden-path-shards -o jsonpath={.status.conditions')),
    ).toHaveLength(polls);
    expect(at('create configmap golden-path-run --from-literal=run=nightly-1')).toBeLessThan(
      at(`apply -f ${K8S}/golden-path-shards.yaml`),
    );
    expect(at(`apply -f ${K8S}/golden-path-merge.yaml`)).toBeGreaterThan(lastPoll);
    expect(calls.some((c) => c.includes('--for=condition=complete'))).toBe(false);
    expect(calls).toContain(`cp golden-path-collect:/reports/runs/nightly-1 ${out}`);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
    expect(r.stdout).toContain(`merged result: ${mergeEnd}`);
    if (mergeEnd === 'Failed') expect(r.stdout).toContain('shards Failed (failed indexes, 0-based: 1,3)');
  });
});
