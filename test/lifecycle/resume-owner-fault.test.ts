import { describe, expect, it } from 'vitest';
import { agentChatContract as contract } from '../../framework/contract/agent-chat.ts';
import { withReference } from './support/reference.ts';

// The reference fault the isolation suite's foreign-resume check is aimed at, shown both ways.
describe("resume of another user's run (reference backend)", () => {
  for (const [faults, expected] of [
    ['', 'refused'],
    ['resume_ignores_owner', 'replayed'],
  ] as const) {
    it(`REF_FAULTS=${faults || '(none)'}: ${expected}`, async () => {
      await withReference({ REF_FAULTS: faults }, async ({ dial }) => {
        const alice = await dial('alice');
        const run = await alice.runToCompletion(contract.prompts.simple);
        const bob = await dial('bob');
        bob.send(contract.encodeResume({ runId: run.runId!, afterSeq: 0 }));
        const answer = await bob.waitFor((e) => e.type === 'error' || e.type === contract.completionEvent);
        if (expected === 'refused') expect(answer).toMatchObject({ type: 'error', code: 'forbidden' });
        else
          expect(bob.events.filter((e) => e.runId === run.runId).map((e) => e.seq)).toEqual(
            run.events.map((e) => e.seq),
          );
      });
    });
  }
});
