import { join } from 'node:path';
import { loadConfig } from '../config/load-config.ts';
import type { ExitCode } from './exit-codes.ts';
import { spawnInherit } from './run-command.ts';

/**
 * `golden-path reference`: the reference backend in the foreground, with the REF_* variables of
 * the env file (the process environment wins). Exits with the backend's code.
 */
export async function referenceCommand(cmd: { env?: string; envFile?: string }, root: string): Promise<ExitCode> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (cmd.env) env.E2E_ENV = cmd.env;
  if (cmd.envFile) env.E2E_ENV_FILE = cmd.envFile;
  const config = loadConfig(env, root);
  const code = await spawnInherit(process.execPath, ['--import', 'tsx', join(root, 'reference/main.ts')], root, {
    ...env,
    ...config.reference,
  });
  return (code === 0 ? 0 : code === 2 ? 2 : 1) as ExitCode;
}
