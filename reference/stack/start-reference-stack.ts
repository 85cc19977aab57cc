import type { Env } from '../config/env-readers.ts';
import { parseFaults } from '../faults/parse-faults.ts';
import { parseReferenceConfig } from '../config/parse-reference-config.ts';
import type { ReferenceConfig } from '../config/reference-config.ts';
import { createJsonLogger, type LogSink } from '../log/json-logger.ts';
import { startAuthService } from './start-auth-service.ts';
import { startChatBackend, type RunningBackend } from './start-chat-backend.ts';

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
  /** The config it runs with now: `setFaults` replaces its faults. */
  readonly config: ReferenceConfig;
  /**
   * Switches the faults at run time (a REF_FAULTS value; '' for none): the chat backend is closed
   * (its WebSockets see 1001) and started again on the same port with the new faults. The auth
   * service and its keys stay. A bad value throws ReferenceConfigError and changes nothing.
   */
  setFaults(spec: string): Promise<void>;
  /** Closes every WebSocket with 1001, then both servers. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts the auth service and the chat backend in this process (one worker).
 * @example const stack = await startReferenceStack({ env: { REF_FAULTS: 'drop_event:tool_completed' }, log: false });
 */
export async function startReferenceStack(options: ReferenceStackOptions = {}): Promise<ReferenceStack> {
  let config: ReferenceConfig = { ...parseReferenceConfig(options.env ?? {}), ...options.config };
  if (config.workers > 1) throw new Error('REF_WORKERS > 1 needs separate processes: run reference/main.ts');
  const log = createJsonLogger(options.log === false ? () => {} : options.log);
  const auth = await startAuthService(config, log);
  let backend: RunningBackend;
  try {
    backend = await startChatBackend(config, log, auth.url);
  } catch (error) {
    await auth.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  // One switch at a time, and none once closing: each waits for the one before it.
  let switching = Promise.resolve();
  const setFaults = async (spec: string): Promise<void> => {
    const faults = parseFaults(spec, { agUi: config.dialects.has('ag_ui') });
    const next = switching.then(async () => {
      if (closing) throw new Error('the reference stack is shutting down');
      await backend.close();
      config = { ...config, faults, backendPort: Number(new URL(backend.url).port) };
      backend = await startChatBackend(config, log, auth.url);
    });
    switching = next.catch(() => undefined);
    return next;
  };
  const close = (): Promise<void> => {
    closing ??= switching.then(() => backend.close()).finally(() => auth.close());
    return closing;
  };
  return {
    authUrl: auth.url,
    backendUrl: backend.url,
    wsUrl: backend.wsUrl,
    get config() {
      return config;
    },
    setFaults,
    close,
  };
}
