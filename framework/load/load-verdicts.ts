import type { LoadThresholds } from '../config/config.ts';
import type { LoadStats } from './load-stats.ts';

/** One threshold judged against what a load run measured. */
export interface LoadVerdict {
  /** Stable key: success_rate, mean_handshake, p95_handshake, p95_completion, rate_1011, isolation. */
  key: string;
  /** e.g. `p95 handshake`. */
  name: string;
  /** The variable that sets the threshold. */
  variable: string;
  comparison: '≥' | '≤';
  threshold: number;
  measured: number;
  unit: 'ms' | 'fraction' | 'users';
  pass: boolean;
  /** Why there is no measurement, when there is none. */
  note?: string;
}

/**
 * Judges the thresholds of the env file (success rate, mean and p95 handshake, p95 completion,
 * 1011 rate) plus isolation, which has no threshold: one user seeing another's events is a failure.
 */
export function judgeLoad(stats: LoadStats, t: LoadThresholds, leakedUsers = stats.count('leaked')): LoadVerdict[] {
  const p = stats.percentiles();
  const latency = (key: string, name: string, variable: string, threshold: number, figure: 'handshake' | 'completion', measured: number): LoadVerdict => {
    const verdict: LoadVerdict = { key, name, variable, comparison: '≤', threshold, measured, unit: 'ms', pass: measured <= threshold };
    if (p[figure].count > 0) return verdict;
    return { ...verdict, measured: Number.NaN, pass: false, note: `no ${figure === 'handshake' ? 'handshake' : 'run'} completed` };
  };
  return [
    { key: 'success_rate', name: 'success rate', variable: 'E2E_MIN_SUCCESS_RATE', comparison: '≥', threshold: t.minSuccessRate, measured: stats.successRate, unit: 'fraction', pass: stats.successRate >= t.minSuccessRate },
    latency('mean_handshake', 'mean handshake', 'E2E_MAX_MEAN_HANDSHAKE_MS', t.maxMeanHandshakeMs, 'handshake', p.handshake.mean),
    latency('p95_handshake', 'p95 handshake', 'E2E_MAX_P95_HANDSHAKE_MS', t.maxP95HandshakeMs, 'handshake', p.handshake.p95),
    latency('p95_completion', 'p95 completion', 'E2E_MAX_P95_COMPLETION_MS', t.maxP95CompletionMs, 'completion', p.completion.p95),
    { key: 'rate_1011', name: '1011 rate', variable: 'E2E_MAX_1011_RATE', comparison: '≤', threshold: t.max1011Rate, measured: stats.rate1011, unit: 'fraction', pass: stats.rate1011 <= t.max1011Rate },
    { key: 'isolation', name: 'users that saw another user\'s events', variable: 'isolation: no user may see another user\'s events', comparison: '≤', threshold: 0, measured: leakedUsers, unit: 'users', pass: leakedUsers === 0 },
  ];
}

/** `p95 handshake 612.3 ms > 500 ms (E2E_MAX_P95_HANDSHAKE_MS)`. */
export function describeVerdict(v: LoadVerdict): string {
  const fmt = (n: number): string => (v.unit === 'ms' ? `${n.toFixed(1)} ms` : v.unit === 'fraction' ? n.toFixed(3) : String(n));
  if (v.note) return `${v.name}: ${v.note} (threshold ${v.comparison} ${fmt(v.threshold)}, ${v.variable})`;
  const op = v.pass ? v.comparison : v.comparison === '≥' ? '<' : '>';
  return `${v.name} ${fmt(v.measured)} ${op} ${fmt(v.threshold)} (${v.variable})`;
}
