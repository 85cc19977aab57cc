import { describe, expect, it } from 'vitest';
import { checkGoldenPath } from '../../framework/assertions/golden-path-rules.ts';
import type { RunOutcome } from '../../framework/client/run.ts';
import { agUiContract } from '../../framework/contract/ag-ui.ts';
import { agUiRun, edited, TWO_TOOLS } from './ag-ui-run.ts';

const rules = (frames: object[], o?: { outcome?: RunOutcome; detail?: string }) =>
  checkGoldenPath(agUiRun(frames, o), agUiContract);

describe('the ag-ui contract on the golden path', () => {
  it('passes a valid two-tool run, and its answer is the text of the run', () => {
    const run = agUiRun(TWO_TOOLS);
    expect(checkGoldenPath(run, agUiContract)).toEqual([]);
    expect(run.answer).toBe('Rome is sunny, Tokyo is rainy.');
  });

  it('passes a reasoning block with its message, and state events between the pairs', () => {
    const reasoning = [
      { type: 'REASONING_START', messageId: 'r1' },
      { type: 'REASONING_MESSAGE_START', messageId: 'rm1', role: 'reasoning' },
      { type: 'REASONING_MESSAGE_CONTENT', messageId: 'rm1', delta: 'Two cities, two calls.' },
      { type: 'REASONING_MESSAGE_END', messageId: 'rm1' },
      { type: 'REASONING_END', messageId: 'r1' },
      { type: 'STATE_SNAPSHOT', snapshot: { cities: 2 } },
    ];
    expect(rules([TWO_TOOLS[0]!, ...reasoning, ...TWO_TOOLS.slice(1)])).toEqual([]);
  });

  it('schema: names the event, its index and the issue, once for a field every event gets wrong', () => {
    expect(rules(edited(1, { type: 'TOOL_CALL_START', toolCallId: 'c1' }))).toEqual([
      {
        rule: 'schema',
        index: 1,
        message:
          'TOOL_CALL_START #1 does not match the AG-UI schema: toolCallName: Invalid input: expected string, received undefined',
      },
    ]);
    const stamped = TWO_TOOLS.map((frame) => ({ ...frame, timestamp: '2025-01-01T00:00:00Z' }));
    const schema = rules(stamped).filter((v) => v.rule === 'schema');
    expect(schema).toHaveLength(1);
    expect(schema[0]!.message).toMatch(
      /^RUN_STARTED #0 does not match the AG-UI schema: timestamp: .*expected number, received string \(also #1, #2, #3, #4, #5 and 8 more\)$/,
    );
    expect(rules(edited(9, { type: 'TEXT_MESSAGE_BEGIN', messageId: 'm1' }))[0]).toMatchObject({
      rule: 'schema',
      index: 9,
      message: 'TEXT_MESSAGE_BEGIN #9 does not match the AG-UI schema: type: not an AG-UI event type',
    });
  });

  it('tool_unpaired: a call never ended, once, whichever rules see it', () => {
    const noEnd = edited(7, { type: 'TOOL_CALL_ARGS', toolCallId: 'c2', delta: '' });
    const noResult = noEnd.filter((_, i) => i !== 8);
    expect(rules(noResult)).toEqual([
      {
        rule: 'tool_unpaired',
        index: 5,
        message: 'TOOL_CALL_START #5 (call c2) was never ended by TOOL_CALL_END',
      },
    ]);
  });

  it('tool_unpaired: a TOOL_CALL_RESULT before its TOOL_CALL_END, or with no TOOL_CALL_END at all', () => {
    const swapped = [...TWO_TOOLS];
    [swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!];
    // The golden path's order rule sees it too, as it sees any first occurrence out of order.
    expect(rules(swapped)).toEqual([
      { rule: 'order', index: 3, message: 'TOOL_CALL_RESULT (event #3) arrived before TOOL_CALL_END (event #4)' },
      {
        rule: 'tool_unpaired',
        index: 3,
        message: 'TOOL_CALL_RESULT #3 (call c1) arrived before its TOOL_CALL_END (#4)',
      },
    ]);
    expect(rules(edited(3)).map((v) => v.message)).toEqual([
      'TOOL_CALL_RESULT (event #3) arrived before TOOL_CALL_END (event #6)',
      'TOOL_CALL_RESULT #3 (call c1) arrived before any TOOL_CALL_END: the call was never ended',
    ]);
  });

  it('tool_unpaired: the events of a call no TOOL_CALL_START opened are one cause', () => {
    const v = rules(edited(5));
    expect(v.filter((x) => x.rule === 'tool_unpaired')).toEqual([
      {
        rule: 'tool_unpaired',
        index: 5,
        message: 'TOOL_CALL_ARGS #5 (call c2) was not opened by a TOOL_CALL_START (also #6, #7)',
      },
    ]);
  });

  it('message_unpaired: a message never ended, content outside a message, a message opened twice', () => {
    expect(rules(edited(12))).toEqual([
      { rule: 'missing_event', index: undefined, message: 'TEXT_MESSAGE_END never arrived' },
      {
        rule: 'message_unpaired',
        index: 9,
        message: 'TEXT_MESSAGE_START #9 (message m1) was never ended by TEXT_MESSAGE_END',
      },
    ]);
    const stray = { type: 'TEXT_MESSAGE_CONTENT', messageId: 'm2', delta: '!' };
    expect(rules(edited(13, stray, TWO_TOOLS[13]!)).map((v) => v.message)).toEqual([
      'TEXT_MESSAGE_CONTENT #13 (message m2) was not opened by a TEXT_MESSAGE_START',
    ]);
    const late = { type: 'TEXT_MESSAGE_CONTENT', messageId: 'm1', delta: '!' };
    expect(rules(edited(13, late, TWO_TOOLS[13]!)).map((v) => v.message)).toEqual([
      'TEXT_MESSAGE_CONTENT #13 (message m1) arrived after the message ended (TEXT_MESSAGE_END #12)',
    ]);
    expect(rules(edited(9, TWO_TOOLS[9]!, TWO_TOOLS[9]!))).toEqual([
      {
        rule: 'message_unpaired',
        index: 10,
        message: 'TEXT_MESSAGE_START #10 (message m1) opens it again: TEXT_MESSAGE_START #9 already did',
      },
    ]);
  });

  it('tool_unpaired: a second TOOL_CALL_START for a call, open or over, and only that', () => {
    expect(rules(edited(5, TWO_TOOLS[5]!, TWO_TOOLS[5]!))).toEqual([
      {
        rule: 'tool_unpaired',
        index: 6,
        message: 'TOOL_CALL_START #6 (call c2) opens it again: TOOL_CALL_START #5 already did',
      },
    ]);
    const reused = [...TWO_TOOLS.slice(0, 9), ...TWO_TOOLS.slice(1, 5), ...TWO_TOOLS.slice(9)];
    expect(rules(reused)).toEqual([
      {
        rule: 'tool_unpaired',
        index: 9,
        message: 'TOOL_CALL_START #9 (call c1) opens it again: TOOL_CALL_START #1 already did',
      },
    ]);
  });

  it('reasoning_unpaired: a reasoning block never ended', () => {
    const v = rules([TWO_TOOLS[0]!, { type: 'REASONING_START', messageId: 'r1' }, ...TWO_TOOLS.slice(1)]);
    expect(v).toEqual([
      {
        rule: 'reasoning_unpaired',
        index: 1,
        message: 'REASONING_START #1 (reasoning block r1) was never ended by REASONING_END',
      },
    ]);
  });

  it("ids: RUN_FINISHED names another run than RUN_STARTED's", () => {
    expect(rules(edited(13, { ...TWO_TOOLS[13]!, runId: 'run_2' }))).toEqual([
      {
        rule: 'ids',
        index: 13,
        message:
          'RUN_FINISHED #13 names thread thread_1, run run_2, but RUN_STARTED #0 opened thread thread_1, run run_1',
      },
    ]);
  });

  it('after_completion: events after RUN_FINISHED, in one line, and not judged as pairs', () => {
    const late = [
      { type: 'TEXT_MESSAGE_CONTENT', messageId: 'm1', delta: '!' },
      { type: 'TEXT_MESSAGE_END', messageId: 'm1' },
    ];
    expect(rules([...TWO_TOOLS, ...late])).toEqual([
      {
        rule: 'after_completion',
        index: 14,
        message: 'TEXT_MESSAGE_CONTENT #14 arrived after RUN_FINISHED #13 (also #15)',
      },
    ]);
  });

  it('run_error: a run that failed names the error once, first', () => {
    const failed = [
      ...TWO_TOOLS.slice(0, 5),
      { type: 'RUN_ERROR', message: 'the weather service timed out', code: 'upstream_timeout' },
    ];
    const detail = 'RUN_ERROR upstream_timeout: the weather service timed out';
    const v = checkGoldenPath(agUiRun(failed, { outcome: 'failed', detail }), agUiContract);
    expect(v.filter((x) => x.rule === 'run_error')).toEqual([
      {
        rule: 'run_error',
        index: 5,
        message: 'RUN_ERROR #5 ended the run: the weather service timed out (code upstream_timeout)',
      },
    ]);
    expect(v[0]!.rule).toBe('run_error');
    expect(v.map((x) => x.rule)).not.toContain('run_incomplete');
    // A contract with a failure event but no rules of its own: the golden path says it from the run's detail.
    const plain = checkGoldenPath(agUiRun(failed, { outcome: 'failed', detail }), {
      ...agUiContract,
      checkEvents: undefined,
    });
    expect(plain[0]).toEqual({ rule: 'run_error', index: 5, message: `the run failed: ${detail}` });
  });

  it('duplicate_event: a second RUN_STARTED inside the run', () => {
    const again = { type: 'RUN_STARTED', threadId: 'thread_1', runId: 'run_2' };
    expect(rules(edited(9, again, TWO_TOOLS[9]!))).toContainEqual({
      rule: 'duplicate_event',
      index: 9,
      message: 'RUN_STARTED #9 opened a second run before the one RUN_STARTED #0 opened ended',
    });
  });

  it('order: the critical events come tools first, then the answer: a preamble message breaks it', () => {
    const preamble = [
      { type: 'TEXT_MESSAGE_START', messageId: 'm0' },
      { type: 'TEXT_MESSAGE_CONTENT', messageId: 'm0', delta: 'Let me check.' },
      { type: 'TEXT_MESSAGE_END', messageId: 'm0' },
    ];
    const v = rules([TWO_TOOLS[0]!, ...preamble, ...TWO_TOOLS.slice(1)]);
    expect(v).toEqual([
      { rule: 'order', index: 1, message: 'TEXT_MESSAGE_START (event #1) arrived before TOOL_CALL_RESULT (event #7)' },
    ]);
  });

  it('a stalled run reads as run_incomplete first, then what it left undone', () => {
    const v = rules(TWO_TOOLS.slice(0, 3), { outcome: 'stalled', detail: 'no event for 1000 ms' });
    expect(v[0]).toEqual({ rule: 'run_incomplete', index: undefined, message: 'run stalled: no event for 1000 ms' });
    expect(v.at(-1)).toEqual({
      rule: 'tool_unpaired',
      index: 1,
      message: 'TOOL_CALL_START #1 (call c1) was never ended by TOOL_CALL_END',
    });
  });
});
