// The standalone reference stack: `npm run reference`. Config from REF_* env variables.
// Prints a banner, then one GOLDEN_PATH_REFERENCE_READY line; logs are JSON lines on stderr.
import cluster from 'node:cluster';
import { ReferenceConfigError } from './config/config-error.ts';
import { readBool } from './config/env-readers.ts';
import { parseReferenceConfig } from './config/parse-reference-config.ts';
import type { ReferenceConfig } from './config/reference-config.ts';
import { createJsonLogger } from './log/json-logger.ts';
import { installGracefulExit } from './process/graceful-exit.ts';
import { formatBanner, formatReadyLine } from './process/ready-line.ts';
import { runBackendWorker, startClusterPrimary } from './process/cluster-mode.ts';
import { startReferenceStack } from './stack/start-reference-stack.ts';

function readConfig(): { config: ReferenceConfig; exitWithStdin: boolean } {
  try {
    return {
      config: parseReferenceConfig(process.env),
      exitWithStdin: readBool(process.env, 'REF_EXIT_WITH_STDIN', false),
    };
  } catch (error) {
    if (!(error instanceof ReferenceConfigError)) throw error;
    process.stderr.write(`reference: ${error.message}\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const { config, exitWithStdin } = readConfig();
  if (cluster.isWorker) return runBackendWorker(config);
  const log = createJsonLogger(undefined, { pid: process.pid });
  const stack = config.workers > 1 ? await startClusterPrimary(config, log) : await startReferenceStack({ config });
  installGracefulExit({ log, shutdown: stack.close, exitWithStdin });
  const info = { authUrl: stack.authUrl, backendUrl: stack.backendUrl, wsUrl: stack.wsUrl, pid: process.pid };
  process.stdout.write(`${formatBanner(info, config.workers)}\n${formatReadyLine(info)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`reference: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
