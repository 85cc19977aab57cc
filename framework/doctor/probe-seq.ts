import { checkGoldenPath } from '../assertions/golden-path-rules.ts';
import type { Run } from '../client/run.ts';
import type { Contract } from '../contract/types.ts';
import { mismatch, notApplicable, ok, type Finding } from './finding.ts';

const SUBJECT = 'seq';

/** Whether the golden path's events carry a seq that rises by one, and whether the contract expects one (seqRequired). */
export function probeSeq(run: Run | undefined, contract: Contract): Finding {
  if (!run || run.events.length === 0)
    return notApplicable(SUBJECT, 'no run events to look at (see the golden path above)');
  const required = contract.seqRequired !== false;
  const carrying = run.events.filter((e) => e.seq !== undefined);
  if (carrying.length === 0) {
    return required
      ? mismatch(
          SUBJECT,
          `none of the run's ${run.events.length} events carries a seq, and the contract requires one`,
          'set seqRequired: false in your contract module (E2E_CONTRACT) if your backend sends no seq by design',
        )
      : notApplicable(
          SUBJECT,
          'the backend sends no seq, as the contract states (seqRequired: false): the seq checks are skipped',
        );
  }
  const broken = checkGoldenPath(run, { ...contract, seqRequired: true }).filter((v) => v.rule === 'seq');
  if (broken.length > 0) {
    return mismatch(
      SUBJECT,
      `${broken[0]!.message}${broken.length > 1 ? ` (and ${broken.length - 1} more)` : ''}`,
      'a seq that rises by one within a run is what lets a client resume: the backend must send it on every event (this is not a setting)',
    );
  }
  const range = `${carrying[0]!.seq}..${carrying.at(-1)!.seq}`;
  return ok(
    SUBJECT,
    `on all ${run.events.length} events, rising by one (${range})${required ? '' : '; the contract does not require it (seqRequired: false)'}`,
  );
}
