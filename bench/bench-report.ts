import type { BenchResult } from './bench-result.ts';

const fmt = (v: number | null, digits = 0): string =>
  v === null ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratio = (a: number | null, b: number | null): number | null =>
  a === null || b === null || b === 0 ? null : a / b;

interface Row {
  figure: string;
  harness: string;
  bare: string;
  artillery: string;
  ratio: string;
  target: string;
  met: boolean | null;
}

/** The figures, side by side, each with its target and whether it was met. */
export function benchTable(r: BenchResult): string {
  const hs = ratio(r.handshakes_per_s, r.handshakes_per_s_bare);
  const ev = ratio(r.events_per_s, r.events_per_s_bare);
  const cpuBare = ratio(r.events_per_cpu_s, r.events_per_cpu_s_bare);
  const art = ratio(r.events_per_cpu_s, r.events_per_cpu_s_artillery);
  const per1k = (v: number | null): number | null => (v === null ? null : 1000 / v);
  const perCpuS = (us: number | null): number | null => (us === null ? null : 1e6 / us);
  const hsCpu = ratio(perCpuS(r.cpu_us_per_handshake), perCpuS(r.cpu_us_per_handshake_bare));
  const evCpu = ratio(perCpuS(r.cpu_us_per_event), perCpuS(r.cpu_us_per_event_bare));
  const oneRunCpu = ratio(perCpuS(r.cpu_us_per_event_one_run), perCpuS(r.cpu_us_per_event_one_run_bare));
  const times = (v: number | null, what = 'bare'): string => (v === null ? '—' : `${fmt(v, 2)}× ${what}`);
  const rows: Row[] = [
    {
      figure: 'handshakes/s',
      harness: fmt(r.handshakes_per_s),
      bare: fmt(r.handshakes_per_s_bare),
      artillery: '',
      ratio: hs === null ? '—' : `${fmt(hs, 2)}× bare`,
      target: '≥ 0.75× bare',
      met: hs === null ? null : hs >= 0.75,
    },
    {
      figure: 'events/s (closed loop)',
      harness: fmt(r.events_per_s),
      bare: fmt(r.events_per_s_bare),
      artillery: '',
      ratio: ev === null ? '—' : `${fmt(ev, 2)}× bare`,
      target: '≥ 0.8× bare',
      met: ev === null ? null : ev >= 0.8,
    },
    {
      figure: 'events per CPU-second',
      harness: fmt(r.events_per_cpu_s),
      bare: fmt(r.events_per_cpu_s_bare),
      artillery: fmt(r.events_per_cpu_s_artillery),
      ratio: art === null ? `${fmt(cpuBare, 2)}× bare` : `${fmt(art, 2)}× Artillery, ${fmt(cpuBare, 2)}× bare`,
      target: '≥ 3× Artillery',
      met: art === null ? null : art >= 3,
    },
    {
      figure: 'CPU-seconds per 1k events',
      harness: fmt(per1k(r.events_per_cpu_s), 3),
      bare: fmt(per1k(r.events_per_cpu_s_bare), 3),
      artillery: fmt(per1k(r.events_per_cpu_s_artillery), 3),
      ratio: '',
      target: '',
      met: null,
    },
    {
      figure: 'RSS per connection (bytes)',
      harness: fmt(r.rss_per_conn_bytes),
      bare: fmt(r.rss_per_conn_bytes_bare),
      artillery: '',
      ratio: '',
      target: '≤ 15,360',
      met: r.rss_per_conn_bytes === null ? null : r.rss_per_conn_bytes <= 15_360,
    },
    {
      figure: 'connections held, 1 process',
      harness: fmt(r.max_connections_single),
      bare: '',
      artillery: '',
      ratio: '',
      target: '≥ 19,000',
      met: r.max_connections_single === null ? null : r.max_connections_single >= 19_000,
    },
    {
      figure: 'connections held, sharded',
      harness: fmt(r.max_connections_sharded),
      bare: '',
      artillery: '',
      ratio: '',
      target: '≥ 50,000',
      met: r.max_connections_sharded === null ? null : r.max_connections_sharded >= 50_000,
    },
    {
      figure: 'added p50 at 10k events/s (ms)',
      harness: fmt(r.added_p50_ms_at_10k_eps, 3),
      bare: '',
      artillery: '',
      ratio: '',
      target: '',
      met: null,
    },
    // Against the capacity server, which outruns one core of client: the client's own cost.
    {
      figure: 'capacity: handshakes/s',
      harness: fmt(r.handshakes_per_s_capacity),
      bare: fmt(r.handshakes_per_s_capacity_bare),
      artillery: '',
      ratio: times(ratio(r.handshakes_per_s_capacity, r.handshakes_per_s_capacity_bare)),
      target: '',
      met: null,
    },
    {
      figure: 'capacity: handshakes/CPU-s',
      harness: fmt(perCpuS(r.cpu_us_per_handshake)),
      bare: fmt(perCpuS(r.cpu_us_per_handshake_bare)),
      artillery: '',
      ratio: times(hsCpu),
      target: '≥ 0.85× bare',
      met: hsCpu === null ? null : hsCpu >= 0.85,
    },
    {
      figure: 'capacity: CPU-µs per handshake',
      harness: fmt(r.cpu_us_per_handshake),
      bare: fmt(r.cpu_us_per_handshake_bare),
      artillery: '',
      ratio: '',
      target: '',
      met: null,
    },
    {
      figure: 'capacity: events/s',
      harness: fmt(r.events_per_s_capacity),
      bare: fmt(r.events_per_s_capacity_bare),
      artillery: '',
      ratio: times(ratio(r.events_per_s_capacity, r.events_per_s_capacity_bare)),
      target: '',
      met: null,
    },
    {
      figure: 'capacity: events/CPU-s',
      harness: fmt(perCpuS(r.cpu_us_per_event)),
      bare: fmt(perCpuS(r.cpu_us_per_event_bare)),
      artillery: '',
      ratio: times(evCpu),
      target: '≥ 0.9× bare',
      met: evCpu === null ? null : evCpu >= 0.9,
    },
    {
      figure: 'capacity: CPU-µs per event',
      harness: fmt(r.cpu_us_per_event, 1),
      bare: fmt(r.cpu_us_per_event_bare, 1),
      artillery: '',
      ratio: '',
      target: '',
      met: null,
    },
    {
      figure: 'capacity: ev/CPU-s, 1 run/conn',
      harness: fmt(perCpuS(r.cpu_us_per_event_one_run)),
      bare: fmt(perCpuS(r.cpu_us_per_event_one_run_bare)),
      artillery: '',
      ratio: times(oneRunCpu),
      target: '',
      met: null,
    },
    {
      figure: 'capacity: added p50 at 10k ev/s',
      harness: fmt(r.added_p50_ms_at_10k_eps_capacity, 3),
      bare: '',
      artillery: '',
      ratio: '',
      target: '< 0.5 ms',
      met: r.added_p50_ms_at_10k_eps_capacity === null ? null : r.added_p50_ms_at_10k_eps_capacity < 0.5,
    },
  ];
  const widths = { figure: 31, harness: 11, bare: 11, artillery: 11, ratio: 30, target: 16 };
  const line = (c: Record<keyof typeof widths, string>, met = ''): string =>
    `${c.figure.padEnd(widths.figure)}${c.harness.padStart(widths.harness)}${c.bare.padStart(widths.bare)}${c.artillery.padStart(widths.artillery)}  ${c.ratio.padEnd(widths.ratio)}${c.target.padEnd(widths.target)}${met}`;
  return [
    line(
      {
        figure: 'figure',
        harness: 'harness',
        bare: 'bare ws',
        artillery: 'artillery',
        ratio: 'ratio',
        target: 'target',
      },
      'met',
    ),
    ...rows.map((row) => line(row, row.met === null ? '' : row.met ? 'yes' : 'NO')),
  ].join('\n');
}

export function notesText(r: BenchResult): string {
  const entries = Object.entries(r.notes);
  return entries.length === 0 ? '' : `notes:\n${entries.map(([k, v]) => `  ${k}: ${v}`).join('\n')}`;
}
