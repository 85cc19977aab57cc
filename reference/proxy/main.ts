// The reverse proxy in front of the reference backend: `REF_PROXY=pass REF_PROXY_UPSTREAM=http://127.0.0.1:4000 tsx reference/proxy/main.ts`.
// Prints one GOLDEN_PATH_PROXY_READY line; logs are JSON lines on stderr.
import { ReferenceConfigError } from '../config/config-error.ts';
import { readBool } from '../config/env-readers.ts';
import { createJsonLogger } from '../log/json-logger.ts';
import { installGracefulExit } from '../process/graceful-exit.ts';
import { parseProxyConfig, type ProxyConfig } from './proxy-config.ts';
import { formatProxyMode } from './proxy-mode.ts';
import { formatProxyReadyLine } from './proxy-ready-line.ts';
import { startProxy } from './start-proxy.ts';

function readConfig(): { config: ProxyConfig; exitWithStdin: boolean } {
  try {
    return {
      config: parseProxyConfig(process.env),
      exitWithStdin: readBool(process.env, 'REF_EXIT_WITH_STDIN', false),
    };
  } catch (error) {
    if (!(error instanceof ReferenceConfigError)) throw error;
    process.stderr.write(`reference proxy: ${error.message}\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const { config, exitWithStdin } = readConfig();
  const log = createJsonLogger(undefined, { pid: process.pid, service: 'proxy' });
  const proxy = await startProxy(config, log);
  installGracefulExit({ log, shutdown: proxy.close, exitWithStdin });
  const info = {
    url: proxy.url,
    upstream: config.upstream.origin,
    mode: formatProxyMode(config.mode),
    pid: process.pid,
  };
  process.stdout.write(`${formatProxyReadyLine(info)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`reference proxy: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
