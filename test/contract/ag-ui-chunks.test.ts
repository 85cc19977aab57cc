import { describe, expect, it } from 'vitest';
import { checkGoldenPath } from '../../framework/assertions/golden-path-rules.ts';
import { pairingSteps } from '../../framework/contract/ag-ui-steps.ts';
import { agUiContract } from '../../framework/contract/ag-ui.ts';
import { ViolationList } from '../../framework/contract/violation-list.ts';
import { agUiRun } from './ag-ui-run.ts';

const STARTED = { type: 'RUN_STARTED', threadId: 'thread_1', runId: 'run_1' };
const FINISHED = { type: 'RUN_FINISHED', threadId: 'thread_1', runId: 'run_1' };

/** A run that streams its tool call and its answer as chunks, continuation chunks without their id. */
const CHUNKED = [
  STARTED,
  { type: 'TOOL_CALL_CHUNK', toolCallId: 'c1', toolCallName: 'get_weather', delta: '{"city":' },
  { type: 'TOOL_CALL_CHUNK', delta: '"Rome"}' },
  { type: 'TOOL_CALL_RESULT', messageId: 'tool_1', toolCallId: 'c1', content: 'sunny' },
  { type: 'TEXT_MESSAGE_CHUNK', messageId: 'm1', delta: 'Rome is sunny.' },
  { type: 'TEXT_MESSAGE_CHUNK', delta: ' Enjoy.' },
  FINISHED,
];

const checked = (frames: object[]) => agUiContract.checkEvents(agUiRun(frames).events);

describe('ag-ui chunk events', () => {
  it('expand into the START, deltas and END they stand for: the next event of another kind closes them', () => {
    const steps = pairingSteps(agUiRun(CHUNKED).events, new ViolationList());
    expect(steps.map((s) => `${s.type} ${s.id ?? ''}`.trim())).toEqual([
      'RUN_STARTED',
      'TOOL_CALL_START c1',
      'TOOL_CALL_ARGS c1',
      'TOOL_CALL_ARGS c1',
      'TOOL_CALL_END c1',
      'TOOL_CALL_RESULT c1',
      'TEXT_MESSAGE_START m1',
      'TEXT_MESSAGE_CONTENT m1',
      'TEXT_MESSAGE_CONTENT m1',
      'TEXT_MESSAGE_END m1',
      'RUN_FINISHED',
    ]);
  });

  it('a valid chunked run breaks no AG-UI rule, and its answer is the chunks’ text', () => {
    expect(checked(CHUNKED)).toEqual([]);
    expect(agUiRun(CHUNKED).answer).toBe('Rome is sunny. Enjoy.');
  });

  it('a chunked run completes the golden path: each chunk stands for the START, content and END it expands to', () => {
    expect(checkGoldenPath(agUiRun(CHUNKED), agUiContract)).toEqual([]);
  });

  it('a chunked run that never sends its answer lacks the text events, named as such', () => {
    const noAnswer = CHUNKED.filter((f) => f.type !== 'TEXT_MESSAGE_CHUNK');
    const missing = checkGoldenPath(agUiRun(noAnswer), agUiContract).filter((v) => v.rule === 'missing_event');
    expect(missing.map((v) => v.message)).toEqual([
      'TEXT_MESSAGE_START never arrived',
      'TEXT_MESSAGE_CONTENT never arrived',
      'TEXT_MESSAGE_END never arrived',
    ]);
  });

  it("a subagent's chunks do not close the agent's own", () => {
    const interleaved = [
      STARTED,
      { type: 'TOOL_CALL_CHUNK', toolCallId: 'c1', toolCallName: 'get_weather', delta: '{"city":' },
      { type: 'TEXT_MESSAGE_CHUNK', messageId: 'm9', delta: 'looking…', subagentRunId: 'sub_1' },
      { type: 'TOOL_CALL_CHUNK', delta: '"Rome"}' },
      FINISHED,
    ];
    expect(checked(interleaved)).toEqual([]);
  });

  it('a first chunk without its id, or a tool call chunk without its name, is named', () => {
    expect(checked([STARTED, { type: 'TEXT_MESSAGE_CHUNK', delta: 'hi' }, FINISHED])).toEqual([
      {
        rule: 'message_unpaired',
        index: 1,
        message:
          'TEXT_MESSAGE_CHUNK #1 has no messageId and no open message to continue: the first chunk of a message names it',
      },
    ]);
    expect(checked([STARTED, { type: 'TOOL_CALL_CHUNK', toolCallId: 'c1', delta: '{}' }, FINISHED])).toEqual([
      { rule: 'tool_unpaired', index: 1, message: 'TOOL_CALL_CHUNK #1 opens call c1 without a toolCallName' },
    ]);
  });

  it('an END for a chunked message comes after the message already ended', () => {
    const frames = [
      STARTED,
      { type: 'TEXT_MESSAGE_CHUNK', messageId: 'm1', delta: 'Rome is sunny.' },
      { type: 'TEXT_MESSAGE_END', messageId: 'm1' },
      FINISHED,
    ];
    expect(checked(frames)).toEqual([
      {
        rule: 'message_unpaired',
        index: 2,
        message: 'TEXT_MESSAGE_END #2 (message m1) arrived after the message ended (TEXT_MESSAGE_CHUNK #1)',
      },
    ]);
  });

  it('a tool call chunked again after another kind of chunk closed it opens the call a second time', () => {
    const frames = [
      STARTED,
      { type: 'TOOL_CALL_CHUNK', toolCallId: 'c1', toolCallName: 'get_weather', delta: '{"city":' },
      { type: 'TEXT_MESSAGE_CHUNK', messageId: 'm1', delta: 'Checking.' },
      { type: 'TOOL_CALL_CHUNK', toolCallId: 'c1', toolCallName: 'get_weather', delta: '"Rome"}' },
      FINISHED,
    ];
    expect(checked(frames)).toEqual([
      {
        rule: 'tool_unpaired',
        index: 3,
        message: 'TOOL_CALL_CHUNK #3 (call c1) opens it again: TOOL_CALL_CHUNK #1 already did',
      },
    ]);
  });
});
