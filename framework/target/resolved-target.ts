import type { JWK } from 'jose';
import type { Credentials, TargetKind } from '../config/config.ts';
import type { Blocker } from './blockers.ts';

/** What global setup hands every test about the target it resolved or started. */
export interface ResolvedTarget {
  kind: TargetKind;
  authUrl: string | undefined;
  backendUrl: string;
  /** '' for a remote agent reached only over SSE (E2E_TRANSPORT=sse without E2E_WS_URL). */
  wsUrl: string;
  /** A private JWK the target trusts, when the harness has one: tokens for any user can be minted. */
  signingKey: JWK | undefined;
  /** Accounts that can log in through the auth service. */
  users: Credentials[];
  /** Faults the local reference stack runs with ('' for none or a target that is not local). */
  faults: string;
  /** The reference stack's log file, for a local target. */
  logFile: string | undefined;
  /** The harness's loopback control for a target it started (see target-control.ts): restart. */
  controlUrl?: string | undefined;
}

/** A target the harness resolved, and how to stop what it started for it (nothing, for a remote one). */
export interface StartedTarget {
  resolved: ResolvedTarget;
  stop(): Promise<void>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    target: ResolvedTarget;
    /** Causes the preflight found that block some checks (see blockers.ts). */
    blockers: Blocker[];
    /** The run's gate (run-gate.ts): tests tagged `alone` have the target to themselves. */
    gate: string;
  }
}
