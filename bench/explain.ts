import type { BenchResult } from './bench-result.ts';
import type { Figures } from './tasks.ts';

const usPerEvent = (eventsPerCpuS: number | null): string =>
  eventsPerCpuS ? `${(1e6 / eventsPerCpuS).toFixed(0)} µs` : '?';
const share = (rounds: Figures[] | undefined, seconds: number): string => {
  const cpu = Math.max(...(rounds ?? []).map((r) => r.cpu_ms ?? 0));
  return `${Math.round(cpu / 10 / seconds)}%`;
};

/** Notes from the measurements themselves on what limited a figure that missed its target. */
export function explainMisses(r: BenchResult, eventsSeconds: number, openLoopSeconds: number): void {
  const d = r.details;
  const perEvent = `CPU per event: harness ${usPerEvent(r.events_per_cpu_s)}, bare ws ${usPerEvent(r.events_per_cpu_s_bare)}`;
  if (r.events_per_s !== null && r.events_per_s_bare !== null && r.events_per_s < 0.8 * r.events_per_s_bare) {
    r.notes.events_per_s = `client-bound: the harness process used up to ${share(d.events_harness, eventsSeconds)} of its core (bare ws ${share(d.events_bare, eventsSeconds)}); ${perEvent}`;
  }
  if (
    r.events_per_cpu_s !== null &&
    r.events_per_cpu_s_artillery !== null &&
    r.events_per_cpu_s < 3 * r.events_per_cpu_s_artillery
  ) {
    const ceiling = r.events_per_cpu_s_bare ? (r.events_per_cpu_s_bare / r.events_per_cpu_s_artillery).toFixed(1) : '?';
    r.notes.events_per_cpu_s = `${perEvent}, Artillery ${usPerEvent(r.events_per_cpu_s_artillery)} (net of its start-up); a client costing no more than bare ws would be ${ceiling}× Artillery`;
  }
  if (r.added_p50_ms_at_10k_eps_capacity !== null && r.added_p50_ms_at_10k_eps_capacity >= 0.5) {
    r.notes.added_p50_ms_at_10k_eps_capacity ??= `at 10k events/s the harness process used up to ${share(d.capacity_open_loop_10k_eps_harness, openLoopSeconds)} of its core (bare ws ${share(d.capacity_open_loop_10k_eps_bare, openLoopSeconds)}): the added latency is queueing in a busy client`;
  }
  // A capacity figure counts only if the capacity server was not what bounded it.
  for (const [phase, figure] of [
    ['handshakes', 'handshakes_per_s_capacity'],
    ['events', 'events_per_s_capacity'],
    ['events_one_run', 'cpu_us_per_event_one_run'],
    ['open_loop', 'added_p50_ms_at_10k_eps_capacity'],
  ] as const) {
    const server = d.capacity_server_cpu_share?.[0]?.[phase];
    if (server !== undefined && server >= 0.9)
      r.notes[figure] ??=
        `the capacity server used ${Math.round(server * 100)}% of its core: it, not the client, may have bounded this figure`;
  }
  if (r.max_connections_single !== null && r.max_connections_single < 19_000) {
    r.notes.max_connections_single ??= `open files limit ${r.machine.fd_soft} (hard ${r.machine.fd_hard}) per process`;
  }
}
