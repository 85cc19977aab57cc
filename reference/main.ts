// The standalone reference stack: `npm run reference`. Config from REF_* env variables.
// Prints a banner, then one GOLDEN_PATH_REFERENCE_READY line; logs are JSON lines on stderr.
import cluster from 'node:cluster';
import { ReferenceConfigError } from './config/config-error.ts';
import { readBool } from './config/env-readers.ts';
import { parseReferenceConfig } from './config/parse-reference-config.ts';
import type { ReferenceConfig } from './config/reference-config.ts';
import { createJsonLogger } from './log/json-logger.ts';
import { installGracefulExit } from './process/graceful-exit.ts';
import { formatBanner, formatReadyLine, type ReadyInfo } from './process/ready-line.ts';
import { runBackendWorker, startClusterPrimary } from './process/cluster-mode.ts';
import { startAdminServer } from './admin/admin-server.ts';
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
  if (config.workers > 1) {
    const primary = await startClusterPrimary(config, log);
    installGracefulExit({ log, shutdown: primary.close, exitWithStdin });
    return announce({ authUrl: primary.authUrl, backendUrl: primary.backendUrl, wsUrl: primary.wsUrl }, config);
  }
  const stack = await startReferenceStack({ config });
  // parseReferenceConfig refuses REF_ADMIN_SECRET with more than one worker.
  let faults = process.env.REF_FAULTS ?? '';
  const admin =
    config.adminSecret === undefined
      ? undefined
      : await startAdminServer({
          secret: config.adminSecret,
          port: config.adminPort,
          log,
          faults: () => faults,
          setFaults: async (spec) => {
            await stack.setFaults(spec);
            faults = spec;
          },
        });
  const shutdown = async (): Promise<void> => {
    await admin?.close();
    await stack.close();
  };
  installGracefulExit({ log, shutdown, exitWithStdin });
  announce({ authUrl: stack.authUrl, backendUrl: stack.backendUrl, wsUrl: stack.wsUrl, adminUrl: admin?.url }, config);
}

function announce(urls: Omit<ReadyInfo, 'pid'>, config: ReferenceConfig): void {
  const info = { ...urls, pid: process.pid };
  process.stdout.write(`${formatBanner(info, config.workers)}\n${formatReadyLine(info)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`reference: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
