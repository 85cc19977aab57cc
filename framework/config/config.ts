import type { JWK } from 'jose';
import type { VariableValue } from './variables.ts';

export type TargetKind = VariableValue<'E2E_TARGET'>;
export type AuthMode = VariableValue<'E2E_AUTH_MODE'>;
export type Transport = VariableValue<'E2E_TRANSPORT'>;

export interface Credentials {
  email: string;
  password: string;
}

export interface LoadThresholds {
  minSuccessRate: number;
  maxMeanHandshakeMs: number;
  maxP95HandshakeMs: number;
  maxP95CompletionMs: number;
  max1011Rate: number;
}

/** The validated configuration of one run: everything a suite may read about its target. */
export interface E2eConfig {
  /** Name of the env (`local`, `staging`, ...) and the file it came from. */
  env: string;
  envFile: string;
  target: TargetKind;
  contractModule: string | undefined;
  authUrl: string | undefined;
  backendUrl: string | undefined;
  wsUrl: string | undefined;
  transport: Transport;
  /** Where runs are POSTed over SSE; undefined: the backend URL's /agent. */
  sseUrl: string | undefined;
  composeFile: string;
  authMode: AuthMode;
  users: Credentials[];
  signingKey: JWK | undefined;
  issuer: string;
  audience: string;
  testMode: boolean;
  bypassHeader: string;
  /** Where the target publishes its public keys, when known (the local target's comes from its auth URL). */
  jwksUrl: string | undefined;
  allowedOrigin: string;
  /** false: the target has no Origin allowlist by design (E2E_ORIGIN_CHECK=off). */
  originCheck: boolean;
  timeouts: { handshakeMs: number; eventMs: number; runMs: number };
  latencyBudgetMs: number;
  streaming: { longRunMs: number; keepaliveMs: number; proxyIdleHintMs: number };
  heartbeat: { pingIntervalMs: number; idleLimitMs: number };
  /** Largest message a client takes from the target (E2E_MAX_PAYLOAD_BYTES); a bigger one closes the connection with 1009. */
  maxPayloadBytes: number;
  reconnect: { initialMs: number; maxMs: number; withinMs: number };
  expectVersion: string | undefined;
  expectCommit: string | undefined;
  preflight: boolean;
  load: {
    users: number;
    concurrency: number;
    rate: number;
    durationS: number;
    maxS: number;
    sourceAddresses: number;
    progress: boolean;
    workers: number;
    keepSamples: boolean;
    thresholds: LoadThresholds;
    /** calibrated: latency limits scaled by the golden path alone, measured in the same run (E2E_LOAD_THRESHOLDS). */
    thresholdMode: NonNullable<VariableValue<'E2E_LOAD_THRESHOLDS'>>;
  };
  shard: VariableValue<'E2E_SHARD'>;
  reportDir: string;
  /** Absolute path of the summary.json this run is compared with (E2E_BASELINE), checked as the run starts. */
  baseline: string | undefined;
  verbose: boolean;
  /** REF_* variables from the env file and the process, handed to the local reference stack. */
  reference: Record<string, string>;
}
