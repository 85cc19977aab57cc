import { E2eError } from '../errors.ts';
import type { CheckRecord } from '../report/records.ts';
import { redactor } from '../report/redactor.ts';

/** A protocol check found a defect; the message starts with the finding's name in brackets. */
export class CheckFailedError extends E2eError {
  readonly finding: string;
  readonly record: CheckRecord;

  constructor(finding: string, message: string, record: CheckRecord, evidence?: string) {
    super('E2E_CHECK_FAILED', redactor.redact([
      `[${finding}] ${message}`,
      `  check:    ${record.id} — ${record.description}`,
      `  expected: ${record.expectation}`,
      `  observed: ${record.observed}`,
      ...(evidence ? ['', evidence] : []),
    ].join('\n')));
    this.name = 'CheckFailedError';
    this.finding = finding;
    this.record = record;
  }
}
