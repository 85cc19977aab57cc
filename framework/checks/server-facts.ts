import { fetchHealth } from '../target/fetch-health.ts';

/**
 * What a target states about its WebSocket endpoint in `/health/websocket`: the limits some
 * checks need to know before they can apply (a flood "beyond the rate" needs the rate).
 */
export interface ServerFacts {
  /** Why nothing could be read, when nothing could. */
  unavailable: string | undefined;
  subprotocols: string[] | undefined;
  authModes: string[] | undefined;
  maxPayloadBytes: number | undefined;
  rateLimit: { burst: number; perS: number } | undefined;
  /** 0 means no cap. */
  maxConnectionsPerUser: number | undefined;
  testMode: boolean | undefined;
}

/** Reads `/health/websocket` once; never throws (a missing or foreign endpoint leaves the facts undefined). */
export async function readServerFacts(backendUrl: string, timeoutMs: number): Promise<ServerFacts> {
  let body: Record<string, unknown>;
  try {
    body = await fetchHealth(backendUrl, '/health/websocket', timeoutMs);
  } catch (error) {
    return none(error instanceof Error ? error.message : String(error));
  }
  const rate = body.rate_limit as Record<string, unknown> | undefined;
  return {
    unavailable: undefined,
    subprotocols: strings(body.subprotocols),
    authModes: strings(body.auth_modes),
    maxPayloadBytes: positive(body.max_payload_bytes),
    rateLimit:
      rate && positive(rate.burst) !== undefined && positive(rate.per_s) !== undefined
        ? { burst: Number(rate.burst), perS: Number(rate.per_s) }
        : undefined,
    maxConnectionsPerUser:
      typeof body.max_connections_per_user === 'number' && body.max_connections_per_user >= 0
        ? body.max_connections_per_user
        : undefined,
    testMode: typeof body.test_mode === 'boolean' ? body.test_mode : undefined,
  };
}

/** The sentence a not-applicable check gives when a fact is missing. */
export function missingFact(facts: ServerFacts, field: string): string {
  return facts.unavailable
    ? `the target's limits are unknown (${facts.unavailable})`
    : `the target does not state ${field} in /health/websocket`;
}

function none(reason: string): ServerFacts {
  return {
    unavailable: reason,
    subprotocols: undefined,
    authModes: undefined,
    maxPayloadBytes: undefined,
    rateLimit: undefined,
    maxConnectionsPerUser: undefined,
    testMode: undefined,
  };
}

function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.map(String) : undefined;
}

function positive(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}
