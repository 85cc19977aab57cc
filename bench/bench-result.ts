import type { Figures } from './tasks.ts';

/** The figures `npm run bench -- --json FILE` writes; null where not measured, with the reason in `notes`. */
export interface BenchResult {
  handshakes_per_s: number | null;
  handshakes_per_s_bare: number | null;
  events_per_s: number | null;
  events_per_s_bare: number | null;
  rss_per_conn_bytes: number | null;
  max_connections_single: number | null;
  max_connections_sharded: number | null;
  added_p50_ms_at_10k_eps: number | null;
  events_per_cpu_s: number | null;
  events_per_cpu_s_artillery: number | null;
  /** Beyond the required keys: the baseline's own figures, for the ratios. */
  events_per_cpu_s_bare: number | null;
  rss_per_conn_bytes_bare: number | null;
  /** Against the capacity server, which outruns one core of client: the client's own figures. */
  handshakes_per_s_capacity: number | null;
  handshakes_per_s_capacity_bare: number | null;
  events_per_s_capacity: number | null;
  events_per_s_capacity_bare: number | null;
  /** Client CPU per operation (µs), against the capacity server, the least of the rounds. */
  cpu_us_per_handshake: number | null;
  cpu_us_per_handshake_bare: number | null;
  cpu_us_per_event: number | null;
  cpu_us_per_event_bare: number | null;
  /**
   * The same, in sessions of one golden path each (connect → ready → one run → close), the way
   * the load suite's virtual users walk it: a connection's own cost spread over its six frames.
   */
  cpu_us_per_event_one_run: number | null;
  cpu_us_per_event_one_run_bare: number | null;
  added_p50_ms_at_10k_eps_capacity: number | null;
  notes: Record<string, string>;
  /** Every round of every phase as the agents reported it. */
  details: Record<string, Figures[]>;
  machine: { cores: number; node: string; fd_soft: number; fd_hard: number; ephemeral_ports: number; pinning?: string };
  command: string;
  started_at: string;
  duration_s: number;
}

export function emptyResult(command: string, machine: BenchResult['machine']): BenchResult {
  return {
    handshakes_per_s: null,
    handshakes_per_s_bare: null,
    events_per_s: null,
    events_per_s_bare: null,
    rss_per_conn_bytes: null,
    max_connections_single: null,
    max_connections_sharded: null,
    added_p50_ms_at_10k_eps: null,
    events_per_cpu_s: null,
    events_per_cpu_s_artillery: null,
    events_per_cpu_s_bare: null,
    rss_per_conn_bytes_bare: null,
    handshakes_per_s_capacity: null,
    handshakes_per_s_capacity_bare: null,
    events_per_s_capacity: null,
    events_per_s_capacity_bare: null,
    cpu_us_per_handshake: null,
    cpu_us_per_handshake_bare: null,
    cpu_us_per_event: null,
    cpu_us_per_event_bare: null,
    cpu_us_per_event_one_run: null,
    cpu_us_per_event_one_run_bare: null,
    added_p50_ms_at_10k_eps_capacity: null,
    notes: {},
    details: {},
    machine,
    command,
    started_at: new Date().toISOString(),
    duration_s: 0,
  };
}

/** The best of several rounds (the least disturbed by whatever else the machine was doing). */
export function best(rounds: Figures[], key: string, pick: 'max' | 'min'): number | null {
  const values = rounds.map((r) => r[key]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (values.length === 0) return null;
  return pick === 'max' ? Math.max(...values) : Math.min(...values);
}
