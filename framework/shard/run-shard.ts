// Runs one shard the way CI does: `E2E_SHARD=2/4 npx tsx framework/shard/run-shard.ts`, or in a
// Kubernetes Indexed Job `node --import tsx framework/shard/run-shard.ts --count 4` (the index comes
// from JOB_COMPLETION_INDEX, 0-based). Exit 0 pass, 1 a test failed, 2 configuration or target problem.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadConfig, PROJECT_ROOT } from '../config/load-config.ts';
import { shardFromEnv } from './shard-from-env.ts';
import { shardInvocations } from './shard-invocations.ts';

async function main(argv: string[]): Promise<number> {
  const countAt = argv.indexOf('--count');
  const shard = shardFromEnv(process.env, countAt >= 0 ? Number(argv[countAt + 1]) : undefined);
  const env = { ...process.env, E2E_SHARD: `${shard.index}/${shard.count}` };
  const config = loadConfig(env);
  const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
  const reporters = [
    `--reporter=${join(PROJECT_ROOT, 'framework/report/golden-path-reporter.ts')}`,
    '--reporter=default',
  ];
  let worst = 0;
  for (const run of shardInvocations(shard, config.reportDir)) {
    process.stderr.write(`golden-path shard ${shard.index}/${shard.count}: ${run.what} → ${run.blob}\n`);
    const code = await exitOf(process.execPath, [vitest, 'run', '--project', 'e2e', ...reporters, ...run.args], env);
    worst = Math.max(worst, code === 2 ? 2 : code === 0 ? 0 : 1);
  }
  return worst;
}

function exitOf(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: 'inherit' });
    const stop = (): void => void child.kill('SIGTERM');
    process.once('SIGTERM', stop);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      process.off('SIGTERM', stop);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`golden-path shard: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
