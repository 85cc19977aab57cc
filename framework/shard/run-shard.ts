// Runs one shard the way CI does: `E2E_SHARD=2/4 npx tsx framework/shard/run-shard.ts`, or in a
// Kubernetes Indexed Job `node --import tsx framework/shard/run-shard.ts --count 4` (the index comes
// from JOB_COMPLETION_INDEX, 0-based). It is `golden-path run --shard i/n` with i/n read from the
// environment, so it exits as the CLI does: 0 pass, 1 a test failed, 2 configuration or target problem.
import { main } from '../cli/golden-path.ts';
import { shardFromEnv } from './shard-from-env.ts';

try {
  const countAt = process.argv.indexOf('--count');
  const shard = shardFromEnv(process.env, countAt >= 0 ? Number(process.argv[countAt + 1]) : undefined);
  // One line for a pod's log: which shard this is, before vitest's own output.
  process.stderr.write(
    `golden-path shard ${shard.index}/${shard.count}: functional suites, then its share of the load\n`,
  );
  process.exitCode = await main(['run', '--shard', `${shard.index}/${shard.count}`]);
} catch (error) {
  process.stderr.write(`golden-path shard: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
