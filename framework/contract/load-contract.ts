import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../errors.ts';
import { agentChatContract } from './agent-chat.ts';
import type { Contract } from './types.ts';

const REQUIRED: (keyof Contract)[] = [
  'name',
  'tokenSubprotocol',
  'criticalEvents',
  'completionEvent',
  'startEvent',
  'toolStartEvent',
  'toolEndEvent',
  'readyEvent',
  'encodeUserMessage',
  'decode',
  'prompts',
];

/** Loads the contract named by `E2E_CONTRACT` (a module path exporting `contract`), or the default. */
export async function loadContract(modulePath: string | undefined, cwd = process.cwd()): Promise<Contract> {
  if (!modulePath) return agentChatContract;
  const file = isAbsolute(modulePath) ? modulePath : resolve(cwd, modulePath);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError('E2E_CONFIG_INVALID', 'E2E_CONTRACT', `cannot load ${file}: ${(error as Error).message}`);
  }
  const candidate = (mod.contract ?? mod.default) as Partial<Contract> | undefined;
  const missing = REQUIRED.filter((key) => candidate?.[key] === undefined);
  if (!candidate || missing.length > 0) {
    throw new ConfigError(
      'E2E_CONFIG_INVALID',
      'E2E_CONTRACT',
      `${file} must export \`contract\` with ${missing.join(', ') || 'the Contract fields'}`,
    );
  }
  return candidate as Contract;
}
