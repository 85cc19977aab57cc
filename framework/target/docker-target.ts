import type { E2eConfig } from '../config/config.ts';
import { E2eError } from '../errors.ts';
import type { StartedTarget } from './resolve-target.ts';

/** Brings up the compose file through testcontainers (see docs); replaced by the docker target module. */
export async function startDockerTarget(config: E2eConfig): Promise<StartedTarget> {
  throw new E2eError('E2E_TARGET_UNREACHABLE', `docker target (${config.composeFile}) is not available yet`);
}
