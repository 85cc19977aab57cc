import type { ConnectFactory } from '../client/connect-factory.ts';
import type { E2eConfig } from '../config/config.ts';
import type { Contract } from '../contract/types.ts';

/** What each doctor probe works with. */
export interface DoctorContext {
  config: E2eConfig;
  contract: Contract;
  /** Opens a client for test user 0 (or `user`) with the doctor's transport; every client is closed when doctor ends. */
  connect: ConnectFactory;
}

/** The longest run the doctor asks of prompts.long: enough to tell a long run from a short one. */
const LONG_RUN_CAP_MS = 3_000;

/** How long the doctor asks the long prompt to run: E2E_LONG_RUN_MS, at most LONG_RUN_CAP_MS. */
export function doctorLongRunMs(config: E2eConfig): number {
  return Math.min(config.streaming.longRunMs, LONG_RUN_CAP_MS);
}
