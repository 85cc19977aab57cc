import type { ActiveDialects } from '../dialects/dialect-registry.ts';
import type { ActiveFaults } from '../faults/fault-registry.ts';
import type { PrivateSigningJwk } from './parse-signing-key.ts';
import type { UserRecord } from './parse-users.ts';

/** Everything the reference stack can be told, already validated. See parseReferenceConfig. */
export interface ReferenceConfig {
  readonly host: string;
  readonly authPort: number;
  readonly backendPort: number;
  /** Absent: a fresh ES256 key pair is generated at start. */
  readonly signingKey: PrivateSigningJwk | undefined;
  readonly issuer: string;
  readonly audience: string;
  readonly tokenTtlS: number;
  readonly users: readonly UserRecord[];
  readonly faults: ActiveFaults;
  /** Healthy variants of behaviour (REF_DIALECT); see dialects/dialect-registry.ts. */
  readonly dialects: ActiveDialects;
  readonly testMode: boolean;
  /** Lower-cased header name. */
  readonly bypassHeader: string;
  readonly version: string;
  readonly commit: string;
  readonly maxPayloadBytes: number;
  readonly allowedOrigins: readonly string[];
  readonly queryToken: boolean;
  readonly pingIntervalMs: number;
  readonly idleLimitMs: number;
  readonly keepaliveMs: number;
  readonly stepMs: number;
  readonly longRunMs: number;
  readonly rateBurst: number;
  readonly ratePerS: number;
  /** 0 = unlimited. */
  readonly maxConnPerUser: number;
  readonly workers: number;
  /**
   * REF_ADMIN_SECRET: with it, the admin endpoint (loopback only, under this secret path) switches
   * faults at run time. A test harness sets it; never set it on a deployed backend.
   */
  readonly adminSecret: string | undefined;
  /** REF_ADMIN_PORT: the admin endpoint's port on 127.0.0.1; 0 (the default) is a free port. */
  readonly adminPort: number;
}
