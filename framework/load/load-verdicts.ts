import type { LoadThresholds } from '../config/config.ts';
import type { LoadRecord } from '../report/records.ts';
import { calibratedLimit, isCalibrated, type Calibration } from './calibration.ts';
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
  /** Where the threshold came from when it is not the env file's figure as written (a calibration). */
  basis?: string;
  /** Set when calibration was asked for but too few golden paths completed alone: the env figure stands as written. */
  uncalibrated?: true;
}

/**
 * Judges the thresholds of the env file (success rate, mean and p95 handshake, p95 completion,
 * 1011 rate) plus isolation, which has no threshold: one user seeing another's events is a failure.
 * With a `calibration` (E2E_LOAD_THRESHOLDS=calibrated), the golden path alone must meet the env
 * file's latency figures, and the load run's latencies are judged against what serving its users
 * one after another would cost on this machine, where that is more (see calibration.ts).
 */
export function judgeLoad(
  stats: LoadStats,
  t: LoadThresholds,
  options: { calibration?: Calibration | undefined } = {},
): LoadVerdict[] {
  const p = stats.percentiles();
  const { calibration } = options;
  const calibrated = isCalibrated(calibration) ? calibration : undefined;
  const latency = (
    key: string,
    name: string,
    variable: string,
    threshold: number,
    figure: 'handshake' | 'completion',
    measured: number,
  ): LoadVerdict => {
    const limit = calibrated ? calibratedLimit(threshold, calibrated) : threshold;
    const verdict: LoadVerdict = {
      key,
      name,
      variable,
      comparison: '≤',
      threshold: limit,
      measured,
      unit: 'ms',
      pass: measured <= limit,
    };
    if (calibrated && limit > threshold) {
      verdict.basis = `calibrated: ${calibrated.inFlight} in flight × ${calibrated.completionMs.toFixed(1)} ms per golden path alone; ${variable} ${threshold} is the floor`;
    } else if (calibration && !calibrated) {
      verdict.basis = `not calibrated: ${calibration.completed} of ${calibration.users} golden paths completed alone; ${variable} as written`;
      verdict.uncalibrated = true;
    }
    if (p[figure].count > 0) return verdict;
    return {
      ...verdict,
      measured: Number.NaN,
      pass: false,
      note: `no ${figure === 'handshake' ? 'handshake' : 'run'} completed`,
    };
  };
  // Alone, the server has nothing to queue behind: the env file's figures hold as written.
  const alone = (key: string, name: string, variable: string, threshold: number, measured: number): LoadVerdict => ({
    key,
    name,
    variable,
    comparison: '≤',
    threshold,
    measured,
    unit: 'ms',
    pass: measured <= threshold,
    basis: `median of ${calibrated!.completed} run one at a time before the load`,
  });
  return [
    ...(calibrated
      ? [
          alone(
            'alone_handshake',
            'handshake alone',
            'E2E_MAX_MEAN_HANDSHAKE_MS',
            t.maxMeanHandshakeMs,
            calibrated.handshakeMs,
          ),
          alone(
            'alone_completion',
            'golden path alone',
            'E2E_MAX_P95_COMPLETION_MS',
            t.maxP95CompletionMs,
            calibrated.completionMs,
          ),
        ]
      : []),
    {
      key: 'success_rate',
      name: 'success rate',
      variable: 'E2E_MIN_SUCCESS_RATE',
      comparison: '≥',
      threshold: t.minSuccessRate,
      measured: stats.successRate,
      unit: 'fraction',
      pass: stats.successRate >= t.minSuccessRate,
    },
    latency(
      'mean_handshake',
      'mean handshake',
      'E2E_MAX_MEAN_HANDSHAKE_MS',
      t.maxMeanHandshakeMs,
      'handshake',
      p.handshake.mean,
    ),
    latency(
      'p95_handshake',
      'p95 handshake',
      'E2E_MAX_P95_HANDSHAKE_MS',
      t.maxP95HandshakeMs,
      'handshake',
      p.handshake.p95,
    ),
    latency(
      'p95_completion',
      'p95 completion',
      'E2E_MAX_P95_COMPLETION_MS',
      t.maxP95CompletionMs,
      'completion',
      p.completion.p95,
    ),
    {
      key: 'rate_1011',
      name: '1011 rate',
      variable: 'E2E_MAX_1011_RATE',
      comparison: '≤',
      threshold: t.max1011Rate,
      measured: stats.rate1011,
      unit: 'fraction',
      pass: stats.rate1011 <= t.max1011Rate,
    },
    {
      key: 'isolation',
      name: "users that saw another user's events",
      variable: "isolation: no user may see another user's events",
      comparison: '≤',
      threshold: 0,
      measured: stats.count('leaked'),
      unit: 'users',
      pass: stats.count('leaked') === 0,
    },
  ];
}

/** A verdict as the report keeps it. */
export function verdictRecord(v: LoadVerdict): LoadRecord['verdicts'][number] {
  return {
    name: v.name,
    threshold: v.threshold,
    measured: v.measured,
    pass: v.pass,
    ...(v.basis ? { basis: v.basis } : {}),
    ...(v.uncalibrated ? { uncalibrated: true as const } : {}),
  };
}

/** One line per verdict, ✓ or ✗ first: what the terminal prints after a load run. */
export function describeVerdicts(verdicts: readonly LoadVerdict[]): string {
  return verdicts.map((v) => `  ${v.pass ? '✓' : '✗'} ${describeVerdict(v)}`).join('\n');
}

/**
 * `p95 handshake 612.3 ms > 500.0 ms (E2E_MAX_P95_HANDSHAKE_MS)`, or with its basis:
 * `mean handshake 306.2 ms ≤ 1930.0 ms (calibrated: 100 in flight × 19.3 ms per golden path alone; E2E_MAX_MEAN_HANDSHAKE_MS 250 is the floor)`.
 */
export function describeVerdict(v: LoadVerdict): string {
  const fmt = (n: number): string =>
    v.unit === 'ms' ? `${n.toFixed(1)} ms` : v.unit === 'fraction' ? n.toFixed(3) : String(n);
  const why = v.basis && !v.basis.includes(v.variable) ? `${v.basis}; ${v.variable}` : (v.basis ?? v.variable);
  if (v.note) return `${v.name}: ${v.note} (threshold ${v.comparison} ${fmt(v.threshold)}, ${why})`;
  const op = v.pass ? v.comparison : v.comparison === '≥' ? '<' : '>';
  return `${v.name} ${fmt(v.measured)} ${op} ${fmt(v.threshold)} (${why})`;
}
