import { describe, expect, it } from 'vitest';
import { Timeline, TIMELINE_KEEP } from '../../framework/client/timeline.ts';
import { CheckFailedError } from '../../framework/checks/check-failed-error.ts';
import { agentChatContract as contract } from '../../framework/contract/agent-chat.ts';
import { timelineSvg } from '../../framework/report/html/timeline-svg.ts';
import {
  clipText,
  FAILURE_DETAIL_CHARS,
  FAILURE_MESSAGE_CHARS,
  ReportTextBudget,
  RUN_FAILURE_CHARS,
  SPENT_CHARS,
} from '../../framework/report/report-text-budget.ts';
import { RUN_EVENTS_KEPT, toRunRecord } from '../../framework/report/run-record.ts';
import { runOf } from '../assertions/run-builder.ts';

// What a flooding target leaves: a run that started and then thought forever, one seq per event.
const flooded = (n: number) =>
  runOf(['agent_started', ...Array.from({ length: n - 1 }, () => 'agent_thinking')], 'timeout');

describe('a timeline of a flooded connection', () => {
  it('keeps its first and last TIMELINE_KEEP entries and counts the ones between', () => {
    let now = 0;
    const timeline = new Timeline('alice#1', () => (now += 1));
    for (let i = 0; i < 10_000; i += 1)
      timeline.add({ kind: 'in', type: 'agent_thinking', size: 10, text: `{"seq":${i}}` });

    expect(timeline.entries.length).toBeLessThanOrEqual(3 * TIMELINE_KEEP + 1);
    expect(timeline.size).toBe(10_000);
    const elided = timeline.entries.find((e) => e.kind === 'elided');
    expect(elided).toMatchObject({ count: 10_000 - (timeline.entries.length - 1) });
    expect(timeline.entries.at(TIMELINE_KEEP - 1)).toMatchObject({ text: `{"seq":${TIMELINE_KEEP - 1}}` });
    expect(timeline.entries.at(-1)).toMatchObject({ text: '{"seq":9999}' });
    expect(timeline.render(1000)).toContain(
      `… ${elided!.kind === 'elided' && elided!.count} entries elided (a connection's timeline keeps its first ${TIMELINE_KEEP} and at least its last ${TIMELINE_KEEP})`,
    );
  });

  it('renders as it stood at a mark taken before the middle was elided, and after', () => {
    const timeline = new Timeline('alice#1', () => 0, 2);
    const add = (n: number) => timeline.add({ kind: 'note', message: `n${n}` });
    [0, 1, 2].forEach(add);
    const early = timeline.size;
    for (let n = 3; n < 20; n += 1) add(n);
    const late = timeline.size;
    add(20);

    // n2 has been elided since: the early mark shows where it was, not what it was.
    expect(timeline.render(80, early)).toMatch(
      /· n0\n.*· n1\n {2}… 1 entry elided \(a connection's timeline keeps its first 2 and at least its last 2\)$/,
    );
    // Every entry added is either shown or counted, up to the mark and no further.
    const accounted = (text: string) =>
      (text.match(/· n\d+/g) ?? []).length + Number(/… (\d+) entr/.exec(text)?.[1] ?? 0);
    const atLate = timeline.render(80, late);
    expect(atLate).toMatch(/^Timeline of alice#1:\n.*· n0\n.*· n1\n {2}… \d+ entries elided .*\n(.*\n)*.*· n19$/);
    expect(accounted(atLate)).toBe(20);
    expect(timeline.render(80)).toMatch(/· n20$/);
    expect(accounted(timeline.render(80))).toBe(21);
  });
});

describe('report text', () => {
  it('a text over its limit keeps its start and its end, and says how much was cut', () => {
    const text = `[seq] the finding\n${'x'.repeat(100_000)}\nthe last frame`;
    const clipped = clipText(text, 1000);

    expect(clipped.startsWith('[seq] the finding\n')).toBe(true);
    expect(clipped.endsWith('\nthe last frame')).toBe(true);
    expect(clipped).toContain(
      `… ${text.length - 1000} characters cut (a failure keeps at most 1000 characters in the reports) …`,
    );
    expect(clipped.length).toBeLessThan(1100);
    expect(clipText('short', 1000)).toBe('short');
  });

  it('a run of failures writes its budget in full, then a short account of each one after', () => {
    const budget = new ReportTextBudget();
    const errors = Array.from({ length: 100 }, () => ({
      message: `waited for connection_established\n${'t'.repeat(10_000_000)}`,
      diff: 'd'.repeat(50_000),
    }));
    for (const error of errors) budget.clipError(error);

    const written = errors.reduce((n, e) => n + e.message.length + e.diff.length, 0);
    expect(errors[0]!.message.length).toBeLessThan(FAILURE_MESSAGE_CHARS + 200);
    expect(errors[0]!.diff.length).toBeLessThan(FAILURE_DETAIL_CHARS + 200);
    expect(errors[99]!.message.length).toBeLessThan(SPENT_CHARS + 300);
    expect(errors[99]!.message).toMatch(/^waited for connection_established\n/);
    expect(errors[99]!.message).toContain(
      `the run's ${RUN_FAILURE_CHARS} characters of failure text are spent; earlier failures are in full`,
    );
    expect(written).toBeLessThan(RUN_FAILURE_CHARS + FAILURE_MESSAGE_CHARS + 100 * 2 * (SPENT_CHARS + 300));
  });

  it('a check that observed a huge frame fails with a message of bounded size', () => {
    const record = {
      id: 'x/1',
      description: 'a check',
      expectation: 'close 1009',
      observed: `echoed ${'y'.repeat(5_000_000)}`,
      verdict: 'fail' as const,
    };
    const error = new CheckFailedError('no_limit', 'the frame came back', record, 'z'.repeat(5_000_000));

    expect(error.message).toMatch(/^\[no_limit\] the frame came back\n {2}check: {4}x\/1 — a check\n/);
    expect(error.message.length).toBeLessThan(FAILURE_MESSAGE_CHARS + 200);
  });
});

describe('the record of a flooded run', () => {
  it('keeps the first and last events, counts the ones left out, and draws without overflowing', () => {
    const run = flooded(150_000);
    const record = toRunRecord(run, contract);

    expect(record.events).toHaveLength(RUN_EVENTS_KEPT.first + RUN_EVENTS_KEPT.last);
    expect(record.eventsElided).toBe(150_000 - RUN_EVENTS_KEPT.first - RUN_EVENTS_KEPT.last);
    expect(record.events[0]).toMatchObject({ type: 'agent_started', seq: 1 });
    expect(record.events.at(-1)).toMatchObject({ seq: 150_000 });
    expect(JSON.stringify(record).length).toBeLessThan(50_000);
    expect(timelineSvg(record)).toContain(`… ${150_000 - 60} more events`);
  });

  it('draws a record of any length, as an older summary may hold one', () => {
    const record = {
      ...toRunRecord(flooded(10), contract),
      events: Array.from({ length: 300_000 }, (_, i) => ({ type: 'agent_thinking', atMs: i })),
    };
    expect(() => timelineSvg(record)).not.toThrow();
  });
});
