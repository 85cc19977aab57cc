import { expect } from 'vitest';
import type { ChatClient, CloseInfo } from '../client/chat-client.ts';
import { runTimings, type Run } from '../client/run.ts';
import { redactor } from '../report/redactor.ts';
import { checkGoldenPath } from './golden-path-rules.ts';
import { renderRunEvents } from './render-run.ts';

export type LatencyPhase = 'completion' | 'started' | 'first_event';

interface GoldenPathMatchers<R = unknown> {
  /** The run produced the critical events in order, tools paired, seq gapless, nothing after completion. */
  toCompleteGoldenPath(): R;
  /** The connection was closed with `code` (a ChatClient or its CloseInfo). */
  toBeClosedWith(code: number): R;
  /** The run reached `phase` (default: completion) within `budgetMs` of sending the message. */
  toBeWithinLatency(budgetMs: number, phase?: LatencyPhase): R;
}

declare module 'vitest' {
  interface Matchers<T = any> extends GoldenPathMatchers<T> {}
}

const closeOf = (subject: ChatClient | CloseInfo | undefined): { info: CloseInfo | undefined; timeline: string } => {
  if (subject && 'timeline' in subject) return { info: subject.closeInfo, timeline: subject.timeline.render() };
  return { info: subject as CloseInfo | undefined, timeline: '' };
};

expect.extend({
  toCompleteGoldenPath(run: Run) {
    const { contract } = run;
    const violations = checkGoldenPath(run, contract);
    const pass = violations.length === 0;
    return {
      pass,
      message: () =>
        redactor.redact(
          pass
            ? `expected the run for ${run.messageId} not to complete the golden path, but it did`
            : [
                `golden path broken for ${run.client} (run ${run.runId ?? 'unknown'}): ${violations.length} rule(s) broken`,
                ...violations.map(
                  (x) => `  [${x.rule}]${x.index !== undefined ? ` event #${x.index}:` : ''} ${x.message}`,
                ),
                '',
                renderRunEvents(run),
                '',
                run.timeline,
              ].join('\n'),
        ),
      actual: run.events.map((e) => e.type),
      expected: contract.criticalEvents,
    };
  },

  toBeClosedWith(subject: ChatClient | CloseInfo | undefined, code: number) {
    const { info, timeline } = closeOf(subject);
    const pass = info?.code === code;
    const seen = info
      ? `closed with ${info.code}${info.reason ? ` "${info.reason}"` : ''} (${info.by === 'none' ? 'no close frame' : `by ${info.by}`})`
      : 'still open';
    return {
      pass,
      message: () =>
        redactor.redact(
          `${pass ? `expected a close other than ${code}` : `expected close code ${code}`}, but the connection was ${seen}${code === 1011 || info?.code === 1011 ? ' — 1011 is an internal server error' : ''}\n\n${timeline}`,
        ),
      actual: info?.code,
      expected: code,
    };
  },

  toBeWithinLatency(run: Run, budgetMs: number, phase: LatencyPhase = 'completion') {
    const { contract } = run;
    const t = runTimings(run, contract);
    const measured = phase === 'completion' ? t.toCompletedMs : phase === 'started' ? t.toStartedMs : t.firstEventMs;
    const pass = measured !== undefined && measured <= budgetMs;
    return {
      pass,
      message: () =>
        redactor.redact(
          `expected ${phase} ${pass ? 'not ' : ''}within ${budgetMs} ms, measured ${measured === undefined ? 'never reached' : `${measured.toFixed(1)} ms`}\n\n${renderRunEvents(run)}\n\n${run.timeline}`,
        ),
      actual: measured,
      expected: budgetMs,
    };
  },
});
