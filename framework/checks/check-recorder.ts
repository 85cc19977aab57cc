import { performance } from 'node:perf_hooks';
import type { RunnerTestCase } from 'vitest';
import { ClientError } from '../client/errors.ts';
import { E2eError, type E2eErrorCode } from '../errors.ts';
import { attach, type CheckRecord } from '../report/records.ts';
import { redactor } from '../report/redactor.ts';
import { CheckFailedError } from './check-failed-error.ts';
import { BlockedError, type Blocker } from '../target/blockers.ts';
import type { Timeline } from '../client/timeline.ts';
import type { Finding } from './findings.ts';
import { failed, passed, type Judgement, type Observation } from './judgement.ts';

export interface CheckSpec {
  /** Stable id, e.g. `close-codes/7.9.3/1004`. */
  id: string;
  description: string;
  expectation: string;
}

/** What a failed check says beside its finding: one sentence, what it saw, and the evidence to show under it. */
export interface FailureDetail extends Observation {
  /** One sentence naming what went wrong here, with its figures. */
  message: string;
  /** The connection's timeline (or timelines, rendered) the report shows under the failure. */
  evidence?: Timeline | string | undefined;
}

/** A check under way: its duration runs from `begin` to its verdict. */
export interface OpenCheck {
  /** Records a pass with what was seen. */
  pass(observation: Observation | string): CheckRecord;
  /**
   * Records a failure and throws a CheckFailedError naming the finding: the test stops here.
   * @example check.fail('no_pong', { message: `no pong within ${ms} ms`, observed: 'no pong', evidence: client.timeline })
   */
  fail(finding: Finding, detail: FailureDetail): never;
  /** Records a judgement made elsewhere (judgeClose, judgeSelection…); a failed one throws as `fail` does. */
  record(judgement: Judgement): CheckRecord;
  /** Records that the check cannot apply to this target, and skips the test with the reason. */
  notApplicable(reason: string): never;
  /**
   * Records that a cause the preflight found (a header that does not arrive) keeps this check from
   * being exercised, and fails the test with that one diagnosis: not a pass, not n.a.
   */
  blockedBy(blocker: Blocker): never;
  /**
   * Awaits a step the check depends on (a token, a browser, a connection). No token on this target,
   * or no browser on this machine, makes the check not applicable; a connection that fails records
   * `finding` with its timeline.
   */
  step<T>(work: Promise<T>, finding?: Finding): Promise<T>;
}

/** What a step may lack that makes its check not applicable here rather than failed. */
const NOT_APPLICABLE = new Set<E2eErrorCode>(['E2E_TOKEN_UNAVAILABLE', 'E2E_BROWSER_UNAVAILABLE']);

export interface CheckRecorder {
  begin(spec: CheckSpec): OpenCheck;
  readonly records: readonly CheckRecord[];
}

/**
 * Builds CheckRecords for one test and attaches each to it as soon as it has a verdict, so a
 * report holds every check, passed, failed or not applicable.
 */
export function createCheckRecorder(
  task: RunnerTestCase,
  skip: (note: string) => never,
  now: () => number = () => performance.now(),
): CheckRecorder {
  const records: CheckRecord[] = [];
  const keep = (record: CheckRecord) => {
    records.push(record);
    attach(task, 'checks', [record]);
    return record;
  };
  return {
    records,
    begin(spec) {
      const started = now();
      let done = false;
      const once = () => {
        if (done) throw new E2eError('E2E_USAGE', `check ${spec.id} already has a verdict`);
        done = true;
        return Math.round((now() - started) * 10) / 10;
      };
      return {
        pass(observation) {
          return this.record(passed(typeof observation === 'string' ? { observed: observation } : observation));
        },
        fail(finding, { message, evidence, ...observation }) {
          const rendered = typeof evidence === 'string' || evidence === undefined ? evidence : evidence.render();
          return this.record(failed(finding, message, observation, rendered)) as never;
        },
        record(j) {
          const durationMs = once();
          const { ok, ...fields } = j;
          const record = keep({
            ...spec,
            verdict: ok ? 'pass' : 'fail',
            observed: redactor.redact(j.observed),
            durationMs,
            ...pick(fields),
          });
          if (!j.ok) throw new CheckFailedError(j.finding, j.message, record, j.evidence);
          return record;
        },
        notApplicable(reason) {
          const durationMs = once();
          keep({ ...spec, verdict: 'not_applicable', observed: 'not run', note: reason, durationMs });
          return skip(`not applicable: ${reason}`);
        },
        blockedBy(blocker) {
          const durationMs = once();
          keep({ ...spec, verdict: 'blocked', observed: 'not run', note: blocker.diagnosis, durationMs });
          attach(task, 'blockedBy', [blocker.id]);
          throw new BlockedError(blocker);
        },
        async step(work, finding = 'setup_failed') {
          try {
            return await work;
          } catch (error) {
            if (error instanceof BlockedError) return this.blockedBy(error.blocker);
            if (error instanceof E2eError && NOT_APPLICABLE.has(error.code)) return this.notApplicable(error.message);
            if (!(error instanceof ClientError)) throw error;
            const [first = error.message] = error.message.split('\n');
            const status = (error as { status?: number }).status;
            return this.record({
              ok: false,
              finding,
              message: first,
              observed: first,
              ...(status !== undefined ? { httpStatus: status } : {}),
              evidence: error.timeline.render(),
            }) as never;
          }
        },
      };
    },
  };
}

function pick(j: Partial<CheckRecord>): Partial<CheckRecord> {
  const out: Partial<CheckRecord> = {};
  if (j.httpStatus !== undefined) out.httpStatus = j.httpStatus;
  if (j.closeCode !== undefined) out.closeCode = j.closeCode;
  if (j.closeReason !== undefined) out.closeReason = redactor.redact(j.closeReason);
  if (j.clean !== undefined) out.clean = j.clean;
  return out;
}
