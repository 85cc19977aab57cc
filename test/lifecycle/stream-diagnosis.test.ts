import { agentChatContract } from '../../framework/contract/agent-chat.ts';
import { describe, expect, it } from 'vitest';
import type { CloseInfo, ReceivedEvent } from '../../framework/client/chat-client.ts';
import type { Run, RunOutcome } from '../../framework/client/run.ts';
import { Timeline } from '../../framework/client/timeline.ts';
import { diagnoseStream } from '../../framework/diagnosis/stream-diagnosis.ts';

const LIMITS = { keepaliveMs: 1000, proxyIdleHintMs: 400 };
type Step = [t: number, what: string];

/** A stream from a script: `agent_thinking:2` is an event with seq 2, `ping` a server ping, `cut` a 1006 without a close frame. */
function stream(
  steps: Step[],
  outcome: RunOutcome,
  detail = '',
): { client: { timeline: Timeline; closeInfo: CloseInfo | undefined }; run: Run } {
  let now = 0;
  const timeline = new Timeline('alice#1', () => now);
  const events: ReceivedEvent[] = [];
  let closeInfo: CloseInfo | undefined;
  for (const [t, what] of steps) {
    now = t;
    if (what === 'ping') timeline.add({ kind: 'ping', direction: 'in', size: 0 });
    else if (what === 'cut')
      (timeline.add({ kind: 'close', code: 1006, reason: '', by: 'none' }),
        (closeInfo = { code: 1006, reason: '', by: 'none', at: t }));
    else if (what.startsWith('close:')) {
      const code = Number(what.slice(6));
      timeline.add({ kind: 'close', code, reason: 'internal error', by: 'server' });
      closeInfo = { code, reason: 'internal error', by: 'server', at: t };
    } else {
      const [type, seq] = what.split(':');
      timeline.add({ kind: 'in', type: type!, size: 10, text: '{}', seq: Number(seq), runId: 'run_1' });
      events.push({ type: type!, seq: Number(seq), runId: 'run_1', at: t, index: events.length, raw: {} });
    }
  }
  const run: Run = {
    client: 'alice#1',
    contract: agentChatContract,
    content: 'long',
    messageId: 'm1',
    runId: 'run_1',
    sentAt: 0,
    events,
    outcome,
    detail,
    answer: undefined,
    timeline: '',
  };
  return { client: { timeline, closeInfo }, run };
}

describe('diagnoseStream', () => {
  it('a run kept alive by events and pings is ok, and says its largest gap', () => {
    const { client, run } = stream(
      [
        [5, 'agent_started:1'],
        [10, 'agent_thinking:2'],
        [600, 'ping'],
        [1200, 'agent_thinking:3'],
        [1500, 'agent_completed:4'],
      ],
      'completed',
    );
    const d = diagnoseStream(client, run, LIMITS);
    expect(d.verdict).toBe('ok');
    expect(d.largestGapMs).toBe(600);
    expect(d.message).toBe(
      'stream kept alive: largest gap 600 ms after a ping at +600 ms, under the keepalive bound of 1000 ms',
    );
  });

  it('a completed run with a long silence is quiet: when, after what, and why it matters', () => {
    const { client, run } = stream(
      [
        [5, 'agent_started:1'],
        [10, 'agent_thinking:2'],
        [2510, 'tool_executing:3'],
        [2520, 'agent_completed:4'],
      ],
      'completed',
    );
    const d = diagnoseStream(client, run, LIMITS);
    expect(d).toMatchObject({ verdict: 'quiet', largestGapMs: 2500, quietFromMs: 10 });
    expect(d.message).toMatch(
      /^stream went quiet for 2500 ms after agent_thinking seq 2 at \+10 ms, over the keepalive bound of 1000 ms; a proxy or load balancer with an idle timeout under 2500 ms would cut it\. Likely cause: the server sends neither events nor pings/,
    );
  });

  it('a 1006 after a quiet spell at least the hint long points at a proxy idle timeout', () => {
    const { client, run } = stream(
      [
        [5, 'agent_started:1'],
        [10, 'agent_thinking:2'],
        [460, 'cut'],
      ],
      'closed',
      'connection closed with 1006',
    );
    const d = diagnoseStream(client, run, LIMITS);
    expect(d).toMatchObject({ verdict: 'idle_cut', quietForMs: 450, quietFromMs: 10 });
    expect(d.message).toBe(
      'stream cut without a close frame (1006) at +460 ms, after 450 ms of quiet following agent_thinking seq 2 at +10 ms. ' +
        'Likely cause: an idle timeout in a proxy or load balancer between client and server: the stream was quiet 450 ms (≥ 400 ms) and then cut without a close frame; keep the stream busier than that timeout (keepalive) or raise it',
    );
  });

  it('a 1006 right after a frame is not an idle cut: the server or the network failed', () => {
    const { client, run } = stream(
      [
        [5, 'agent_started:1'],
        [300, 'ping'],
        [350, 'cut'],
      ],
      'closed',
    );
    const d = diagnoseStream(client, run, LIMITS);
    expect(d.verdict).toBe('cut');
    expect(d.message).toMatch(
      /after 50 ms of quiet following a ping at \+300 ms; last event of the run: agent_started seq 1 at \+5 ms\. Likely cause: the server process or the network failed/,
    );
  });

  it('a run that stops while the socket stays open is a server stall; pings after it say the connection was alive', () => {
    const { client, run } = stream(
      [
        [5, 'agent_started:1'],
        [10, 'agent_thinking:2'],
        [510, 'ping'],
        [1010, 'ping'],
      ],
      'stalled',
      'stalled after agent_thinking (seq 2): no event for 1500 ms',
    );
    const d = diagnoseStream(client, run, { ...LIMITS, now: 1510 });
    expect(d).toMatchObject({ verdict: 'stalled', quietFromMs: 10, quietForMs: 1500 });
    expect(d.message).toMatch(
      /^stream went quiet at \+10 ms after agent_thinking seq 2 at \+10 ms and stayed open 1500 ms/,
    );
    expect(d.likelyCause).toMatch(
      /the server stalled this run: the connection stayed alive \(2 server ping\(s\) after the last event\)/,
    );
  });

  it('a close by the server is named with its code', () => {
    const { client, run } = stream(
      [
        [5, 'agent_started:1'],
        [8, 'close:1011'],
      ],
      'closed',
    );
    const d = diagnoseStream(client, run, LIMITS);
    expect(d.verdict).toBe('closed');
    expect(d.message).toMatch(
      /closed by the server with 1011 "internal error" at \+8 ms; last event: agent_started seq 1 at \+5 ms\. Likely cause: an internal error in the server \(1011\)/,
    );
  });
});
