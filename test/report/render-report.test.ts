import { describe, expect, it } from 'vitest';
import { agentChatContract } from '../../framework/contract/agent-chat.ts';
import { LatencyHistogram } from '../../framework/load/latency-histogram.ts';
import { loadRecordOf } from '../../framework/load/load-record.ts';
import { LoadStats } from '../../framework/load/load-stats.ts';
import { judgeLoad } from '../../framework/load/load-verdicts.ts';
import type { UserOutcome } from '../../framework/load/user-outcome.ts';
import { binHistogram } from '../../framework/report/html/decode-histogram.ts';
import { renderReport } from '../../framework/report/html/render-report.ts';
import { timelineSvg } from '../../framework/report/html/timeline-svg.ts';
import type { LoadRecord } from '../../framework/report/records.ts';
import { toRunRecord } from '../../framework/report/run-record.ts';
import { SUMMARY_SCHEMA, type Summary, type TestSummary } from '../../framework/report/summary.ts';
import { GOOD, runOf } from '../assertions/run-builder.ts';

function histogram(values: number[]): LatencyHistogram {
  const h = new LatencyHistogram();
  for (const v of values) h.record(v);
  return h;
}

// 200 handshakes: 180 between 1 and 10 ms, 20 slow ones between 40 and 50 ms.
const handshakes = [
  ...Array.from({ length: 180 }, (_, i) => 1 + (i % 90) / 10),
  ...Array.from({ length: 20 }, (_, i) => 40 + i / 2),
];
const h = histogram(handshakes);
const load: LoadRecord = {
  name: 'closed',
  model: 'closed',
  counts: { planned: 200, ok: 200 },
  closeCodes: { '1000': 200 },
  handshakeFailures: {},
  percentiles: { handshake: h.percentiles() },
  histograms: { handshake: h.encode() },
  thresholds: {},
  verdicts: [{ name: 'p95 handshake', threshold: 30, measured: h.percentiles().p95, pass: false }],
};

const strictThresholds = {
  minSuccessRate: 0.99,
  maxMeanHandshakeMs: 250,
  maxP95HandshakeMs: 500,
  maxP95CompletionMs: 3000,
  max1011Rate: 0,
};

const test = (over: Partial<TestSummary>): TestSummary => ({
  name: 't',
  fullName: 's > t',
  verdict: 'pass',
  durationMs: 5,
  runs: [],
  checks: [],
  load: [],
  ...over,
});
const summary = (tests: TestSummary[]): Summary => ({
  schema: SUMMARY_SCHEMA,
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:00:01.000Z',
  durationMs: 1000,
  target: { env: 'local', kind: 'local', faults: '' },
  versions: { errors: [] },
  thresholds: undefined,
  totals: {
    suites: 1,
    tests: tests.length,
    passed: tests.filter((t) => t.verdict === 'pass').length,
    failed: tests.filter((t) => t.verdict === 'fail').length,
    blocked: 0,
    skipped: 0,
  },
  closeCodes: {},
  suites: [
    {
      name: 'demo',
      file: 'suites/demo.e2e.ts',
      verdict: tests.some((t) => t.verdict === 'fail') ? 'fail' : 'pass',
      durationMs: 10,
      tests,
    },
  ],
  unhandledErrors: [],
});

describe('binHistogram', () => {
  it('decodes an encoded HdrHistogram (µs) into ms bins that hold every sample', () => {
    const bins = binHistogram(h.encode(), 10, h.percentiles().max)!;
    expect(bins.total).toBe(200);
    expect(bins.lo).toBeCloseTo(1, 1);
    expect(bins.hi).toBeCloseTo(49.5, 0);
    // 10 bins of 4.85 ms: the fast ones (1–9.9 ms) fill the first two, the slow ones (40–49.5 ms) the last two.
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(bins.counts.slice(0, 2))).toBe(180);
    expect(sum(bins.counts.slice(2, 8))).toBe(0);
    expect(sum(bins.counts.slice(-2))).toBe(20);
  });

  it('gives up on text that is not a histogram', () => {
    expect(binHistogram('not-a-histogram', 10)).toBeUndefined();
  });
});

describe('renderReport', () => {
  const broken = toRunRecord(
    runOf(['agent_started@1', 'agent_thinking@2', 'tool_executing@3#c1', 'agent_completed@5']),
    agentChatContract,
  );
  const golden = toRunRecord(runOf(GOOD), agentChatContract);
  const html = renderReport(
    summary([
      test({ name: 'passes', fullName: 'demo > passes', runs: [golden], load: [load] }),
      test({
        name: 'fails',
        fullName: 'demo > fails',
        verdict: 'fail',
        runs: [broken],
        failure: {
          headline: 'golden path broken — [missing_event] tool_completed never arrived',
          message: 'evidence <script>alert(1)</script>\nTimeline of alice#1:',
        },
        checks: [
          {
            id: 'close-codes/bad-input/invalid-json',
            description: 'invalid JSON',
            expectation: 'an error frame',
            observed: 'close 1011',
            verdict: 'fail',
            closeCode: 1011,
          },
        ],
      }),
    ]),
  );

  it('is one file that asks for nothing: no script, no external URL, a CSP that forbids both', () => {
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain("default-src 'none'");
  });

  it('opens on the digest: one line per cause, linked to the card of its first failure', () => {
    const digest = html.slice(html.indexOf('id="digest"'), html.indexOf('</section>', html.indexOf('id="digest"')));
    expect(html.indexOf('id="digest"')).toBeLessThan(html.indexOf('class="meta"'));
    const causes = digest.match(/<li class="cause [\w-]+" id="cause-\d+">[\s\S]*?<\/li>/g)!;
    expect(causes).toHaveLength(1);
    expect(causes[0]).toContain('[missing_event] tool_completed never arrived');
    expect(causes[0]).toContain('1 test in demo');
    expect(causes[0]).toContain('also tool_unpaired');
    const link = /href="#(t\d+-\d+)"/.exec(causes[0]!)![1]!;
    expect(html).toMatch(new RegExp(`<details class="failure" id="${link}" open>`));
  });

  it('a passing run says nothing broke and folds everything else', () => {
    const passing = renderReport(
      summary([test({ name: 'passes', fullName: 'demo > passes', runs: [golden], load: [load] })]),
    );
    expect(passing).toContain('✓ Nothing broke: 1 test passed.');
    expect(passing).not.toContain('id="failures"');
    expect(passing.match(/<details[^>]*>/g)!.every((d) => !/\bopen\b/.test(d))).toBe(true);
  });

  it('puts failures first, with the headline, the failed check and the escaped evidence', () => {
    const failures = html.indexOf('id="failures"');
    expect(failures).toBeGreaterThan(0);
    expect(failures).toBeLessThan(html.indexOf('id="suites"'));
    expect(html).toContain('<a class="cause-ref" href="#cause-1">cause 1</a>');
    expect(html).toContain('golden path broken — [missing_event] tool_completed never arrived');
    expect(html).toContain('close-codes/bad-input/invalid-json');
    expect(html).toContain('evidence &lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('draws each run as a timeline with one mark per event, and marks the broken run', () => {
    const timelines = html.match(/<svg class="timeline"[\s\S]*?<\/svg>/g)!;
    expect(timelines.map((t) => (t.match(/<circle class="event/g) ?? []).length).sort()).toEqual([4, 5]);
    expect(html).toContain('[missing_event]');
    expect(html).toMatch(/badge fail">1 rule\(s\) broken|badge fail">\d+ rule\(s\) broken/);
  });

  it('fits long observed values in the checks table: they fold after their start', () => {
    const long = renderReport(
      summary([
        test({
          verdict: 'fail',
          failure: { headline: '[x] y', message: '' },
          checks: [
            { id: 'c', description: '', expectation: 'e', observed: `frame ${'x'.repeat(3000)}`, verdict: 'fail' },
          ],
        }),
      ]),
    );
    const cell = long.match(/<td class="observed">[\s\S]*?<\/td>/)![0];
    expect(cell).toMatch(
      /^<td class="observed"><details class="long"><summary>frame x{154}… <span class="muted">\(3006 chars\)<\/span><\/summary><div class="full">frame x{3000}<\/div><\/details><\/td>$/,
    );
    expect(long).toMatch(/table\.checks \{ width: 100%; table-layout: fixed; \}/);
  });

  it('draws what never came: a hollow marker where the contract puts it, the open tool call, events numbered as the rules number them', () => {
    expect(broken.missing).toEqual([{ type: 'tool_completed', after: 'tool_executing', before: 'agent_completed' }]);
    expect(broken.openCalls).toEqual(['c1']);
    const svg = timelineSvg(broken);
    const rows = [...svg.matchAll(/<text class="ev-label[^"]*"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(rows).toEqual([
      '#0 agent_started · seq 1',
      '#1 agent_thinking · seq 2',
      '#2 tool_executing · seq 3',
      'tool_completed (expected)',
      '#3 agent_completed · seq 5',
    ]);
    // Between tool_executing (30 ms) and agent_completed (40 ms): at 35 ms.
    const [, cx] = /<circle class="missing" cx="([\d.]+)"/.exec(svg)!;
    const x = (ms: number) => 210 + (ms / 40) * 480;
    expect(Number(cx)).toBeCloseTo(x(35), 0);
    expect(svg).toContain('never arrived');
    expect(svg).toMatch(/<rect class="tool-open"[^>]*><title>c1: never closed<\/title>/);
    expect(svg).toContain('aria-label="timeline of alice#1 run run_1: completed, never arrived: tool_completed"');
  });

  it('draws a stall as the gap it was: from the last event to where the run was given up', () => {
    const stalled = toRunRecord(
      runOf(['agent_started@1', 'agent_thinking@2', 'tool_executing@3#c1'], 'stalled'),
      agentChatContract,
    );
    const svg = timelineSvg(stalled, { eventMs: 1000, runMs: 15_000 });
    const [, x0, width] = /<rect class="stall" x="([\d.]+)" y="4" width="([\d.]+)"/.exec(svg)!;
    // The last event at 30 ms, the stall timer 1000 ms later: the plot (480 px) spans 1030 ms.
    expect(Number(x0)).toBeCloseTo(210 + (30 / 1030) * 480, 0);
    expect(Number(width)).toBeCloseTo((1000 / 1030) * 480, 0);
    expect(svg).toContain('stalled: no event for 1.00 s');
    expect(stalled.missing!.map((m) => m.type)).toEqual(['tool_completed', 'agent_completed']);
  });

  it('draws each load histogram with its bars and p50/p95/p99 marks, beside the percentile table', () => {
    const chart = html.match(/<svg class="histogram"[\s\S]*?<\/svg>/)![0];
    expect(chart).toContain('handshake (200 samples)');
    expect((chart.match(/<rect class="bar"/g) ?? []).length).toBe(30);
    for (const k of ['p50', 'p95', 'p99']) expect(chart).toContain(`mark-${k}`);
    // The p95 handshake threshold (30 ms, crossed) as a line where 30 ms falls: 1 → 49.5 ms over 36 → 352 px.
    const [, x] = /<line class="limit limit-crossed" x1="([\d.]+)"/.exec(chart)!;
    expect(Number(x)).toBeCloseTo(36 + ((30 - 1) / 48.5) * 316, -1);
    expect(chart).toContain('<title>p95 limit 30.0 ms: crossed</title>');
    expect(html).toMatch(/<table class="percentiles">[\s\S]*handshake[\s\S]*<\/table>/);
  });
});

describe('a load run over time', () => {
  // Three seconds of a run whose server started closing connections in the third: the failures show when.
  const stats = new LoadStats({ bucketMs: 1000 });
  const outcome = (status: UserOutcome['status'], timings: UserOutcome['timings']): UserOutcome => ({
    index: 0,
    userId: 'u',
    status,
    detail: '',
    timings,
    frames: 0,
    foreignRunIds: [],
  });
  for (let i = 0; i < 30; i += 1) {
    const arrivalMs = i * 100;
    if (arrivalMs < 2000)
      stats.record(outcome('ok', { handshake: 5, completion: 40 }), { arrivalMs, endMs: arrivalMs + 40 });
    else stats.record(outcome('closed', { handshake: 900 }), { arrivalMs, endMs: arrivalMs + 950 });
  }
  stats.planned = 30;
  const record = loadRecordOf('open', 'open', stats, strictThresholds, judgeLoad(stats, strictThresholds));
  const page = renderReport(
    summary([test({ verdict: 'fail', failure: { headline: '[p95_handshake] …', message: '' }, load: [record] })]),
  );
  // The failure card's copy of the load run: the page's load section draws the same again.
  const charts = (page.match(/<svg class="over-time-chart"[\s\S]*?<\/svg>/g) ?? []).slice(0, 2);

  it('draws users per second and latency per second, one point per second', () => {
    expect(record.series!.points.map((p) => p.t)).toEqual([0, 1, 2, 3]);
    expect(charts).toHaveLength(2);
    expect(charts[0]).toContain('aria-label="users per 1 s: arrived, completed, failed by kind"');
    expect(charts[1]).toContain('aria-label="p50 and p95 latency per 1 s, with the thresholds"');
  });

  it('shows when the failures came, by kind, in the second each one ended: closed connections at the end only', () => {
    const bars = [...charts[0]!.matchAll(/<rect class="fail-closed"[^>]*><title>([^<]*)<\/title>/g)].map((m) => m[1]);
    // Arrived from 2.0 s on, each closed 950 ms later: the first at 2.95 s, the other nine after 3 s.
    expect(bars).toEqual(['2–3 s: 1 closed', '3–4 s: 9 closed']);
  });

  it('draws each p95 threshold across the latency chart, red where it was crossed', () => {
    expect(charts[1]).toMatch(
      /<line class="limit limit-crossed"[^>]*><title>p95 handshake limit 500(\.0)? ms: crossed<\/title><\/line>/,
    );
  });
});
