import type { JWK } from 'jose';
import type { ClientKind } from './session.ts';

/** What an agent needs to mint its users' tokens (sent over IPC, never on argv or env). */
export interface TokenKey {
  signingKey: JWK;
  issuer: string;
  audience: string;
}

interface Common {
  kind: ClientKind;
  url: string;
  key: TokenKey;
  sources: string[];
  /** User ids start here, so that agents running side by side do not share users. */
  userOffset: number;
}

/** One measurement, run in a fresh process so that its CPU and memory figures are its own. */
export type AgentTask = Common &
  (
    | { phase: 'handshakes'; users: number; concurrency: number }
    | { phase: 'events'; connections: number; runsPerSession: number; durationMs: number }
    | { phase: 'open-loop'; connections: number; runsPerS: number; durationMs: number }
    | { phase: 'hold'; users: number; concurrency: number; verify: number; maxMs: number }
  );

export type Figures = Record<string, number>;

export type AgentMessage =
  { type: 'held'; figures: Figures } | { type: 'result'; figures: Figures } | { type: 'error'; message: string };
