import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../errors.ts';
import { agentChatContract } from './agent-chat.ts';
import type { Contract } from './types.ts';

/**
 * The contracts `E2E_CONTRACT` names by name rather than by module path. AG-UI's is imported only
 * when named: its schemas (zod) cost every worker memory and start-up time.
 */
const BUILT_IN: Record<string, () => Promise<Contract>> = {
  agent_chat: async () => agentChatContract,
  'ag-ui': async () => (await import('./ag-ui.ts')).agUiContract,
};

const REQUIRED: (keyof Contract)[] = [
  'name',
  'tokenSubprotocol',
  'criticalEvents',
  'completionEvent',
  'startEvent',
  'toolStartEvent',
  'toolEndEvent',
  'encodeUserMessage',
  'decode',
  'prompts',
];

/**
 * Loads the contract `E2E_CONTRACT` names: a built-in (`agent_chat`, `ag-ui`) or a module path
 * exporting `contract`; the default is agent_chat.
 */
export async function loadContract(modulePath: string | undefined, cwd = process.cwd()): Promise<Contract> {
  if (!modulePath) return agentChatContract;
  if (Object.hasOwn(BUILT_IN, modulePath)) return BUILT_IN[modulePath]!();
  const file = isAbsolute(modulePath) ? modulePath : resolve(cwd, modulePath);
  if (!existsSync(file)) {
    const names = Object.keys(BUILT_IN).join(', ');
    throw new ConfigError(
      'E2E_CONFIG_INVALID',
      'E2E_CONTRACT',
      `cannot load ${file}: no such file (E2E_CONTRACT is a module path or a built-in contract: ${names})`,
    );
  }
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
