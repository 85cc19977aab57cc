import type { Env } from '../config/env-readers.ts';
import { parseReferenceConfig } from '../config/parse-reference-config.ts';
import type { ReferenceConfig } from '../config/reference-config.ts';
import { createJsonLogger, type LogSink } from '../log/json-logger.ts';
import { startAuthService } from './start-auth-service.ts';
import { startChatBackend } from './start-chat-backend.ts';

export interface ReferenceStackOptions {
  /** REF_* variables, parsed like the standalone process does. Default: {} (all defaults). */
  readonly env?: Env;
  /** Typed overrides applied after `env` is parsed. */
  readonly config?: Partial<ReferenceConfig>;
  /** Where JSON log lines go; default stderr, `false` to drop them. */
  readonly log?: LogSink | false;
}

export interface ReferenceStack {
  readonly authUrl: string;
  readonly backendUrl: string;
  readonly wsUrl: string;
  readonly config: ReferenceConfig;
  /** Closes every WebSocket with 1001, then both servers. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts the auth service and the chat backend in this process (one worker).
 * @example const stack = await startReferenceStack({ env: { REF_FAULTS: 'drop_event:tool_completed' }, log: false });
 */
export async function startReferenceStack(options: ReferenceStackOptions = {}): Promise<ReferenceStack> {
  const config: ReferenceConfig = { ...parseReferenceConfig(options.env ?? {}), ...options.config };
  if (config.workers > 1) throw new Error('REF_WORKERS > 1 needs separate processes: run reference/main.ts');
  const log = createJsonLogger(options.log === false ? () => {} : options.log);
  const auth = await startAuthService(config, log);
  let backend;
  try {
    backend = await startChatBackend(config, log, auth.url);
  } catch (error) {
    await auth.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= backend.close().finally(() => auth.close());
    return closing;
  };
  return { authUrl: auth.url, backendUrl: backend.url, wsUrl: backend.wsUrl, config, close };
}
