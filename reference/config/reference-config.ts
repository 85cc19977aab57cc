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
}
