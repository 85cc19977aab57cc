import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../framework/config/load-config.ts';
import { PROCESSOR, scenarioYaml } from './artillery-scenario.ts';
import { mintTokens } from './measure.ts';
import type { Figures, TokenKey } from './tasks.ts';

const VERSION = '2.0.21';
const HOME = join(PROJECT_ROOT, '.artillery');
const BIN = join(HOME, 'node_modules/.bin/artillery');

/** Runs a shell command; resolves with its exit code and output (bounded). */
function sh(
  script: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  timeoutMs: number,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const keep = (d: Buffer): void => void (out = (out + d.toString()).slice(-20_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => (clearTimeout(timer), resolve({ code, out })));
  });
}

function installedVersion(): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(HOME, 'node_modules/artillery/package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return undefined;
  }
}

/** Installs Artillery into .artillery/ (ignored by git, not a project dependency), browsers never downloaded. */
export async function ensureArtillery(timeoutMs: number): Promise<string | undefined> {
  if (installedVersion() === VERSION && existsSync(BIN)) return undefined;
  mkdirSync(HOME, { recursive: true });
  const env = {
    ...process.env,
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
    PUPPETEER_SKIP_DOWNLOAD: '1',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
  const { code, out } = await sh(
    `npm install --prefix "${HOME}" --no-save --ignore-scripts artillery@${VERSION}`,
    env,
    PROJECT_ROOT,
    timeoutMs,
  );
  if (code === 0 && installedVersion() === VERSION) return undefined;
  return `npm install artillery@${VERSION} failed (exit ${code}): ${out.trim().split('\n').slice(-3).join(' | ')}`;
}

/** One Artillery run; the CPU of the whole process tree comes from bash's `times` after it exits. */
async function artilleryRun(
  name: string,
  yaml: string,
  token: string,
  timeoutMs: number,
): Promise<{ counters: Record<string, number>; cpuS: number }> {
  const dir = join(HOME, 'bench');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'processor.cjs'), PROCESSOR);
  writeFileSync(join(dir, `${name}.yml`), yaml);
  const report = join(dir, `${name}.json`);
  const env = { ...process.env, GP_BENCH_TOKEN: token, ARTILLERY_DISABLE_TELEMETRY: 'true', DO_NOT_TRACK: '1' };
  const { code, out } = await sh(
    `"${BIN}" run --quiet --output "${report}" "${name}.yml" > "${name}.log" 2>&1; code=$?; times; exit $code`,
    env,
    dir,
    timeoutMs,
  );
  if (code !== 0)
    throw new Error(
      `artillery run ${name} exited ${code}: ${readFileSync(join(dir, `${name}.log`), 'utf8')
        .trim()
        .split('\n')
        .slice(-2)
        .join(' | ')}`,
    );
  const children = out.trim().split('\n').at(-1) ?? '';
  const [user, system] = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (user === undefined || system === undefined)
    throw new Error(`could not read the CPU time of artillery from "${children}"`);
  const counters = (JSON.parse(readFileSync(report, 'utf8')) as { aggregate: { counters: Record<string, number> } })
    .aggregate.counters;
  return { counters, cpuS: user + system };
}

/**
 * Artillery's events per CPU-second on the same scenario: the CPU of a full run minus that of a
 * one-user run (Artillery's start and stop), over the frames the full run received.
 */
export async function measureArtillery(
  wsUrl: string,
  key: TokenKey,
  o: { arrivalRate: number; durationS: number; runs: number; timeoutMs: number },
): Promise<Figures> {
  const [token] = await mintTokens(key, 900_000, 1);
  const baseline = await artilleryRun(
    'baseline',
    scenarioYaml(wsUrl, { durationS: 1, arrivalCount: 1 }, o.runs),
    token!,
    o.timeoutMs,
  );
  const full = await artilleryRun(
    'full',
    scenarioYaml(wsUrl, { durationS: o.durationS, arrivalRate: o.arrivalRate }, o.runs),
    token!,
    o.timeoutMs,
  );
  const c = full.counters;
  const completed = c['vusers.completed'] ?? 0;
  // Each session also received connection_established, which the scenario lets pass unhandled.
  const frames = (c['golden_path.events'] ?? 0) + completed + (c['vusers.failed'] ?? 0);
  const netCpuS = full.cpuS - baseline.cpuS;
  return {
    vusers: c['vusers.created'] ?? 0,
    completed,
    failed: c['vusers.failed'] ?? 0,
    frames,
    cpu_s: full.cpuS,
    baseline_cpu_s: baseline.cpuS,
    net_cpu_s: netCpuS,
    events_per_cpu_s: frames / netCpuS,
    events_per_cpu_s_gross: frames / full.cpuS,
  };
}
