import { E2eError } from '../errors.ts';
import type { CheckRecord } from '../report/records.ts';
import { redactor } from '../report/redactor.ts';
import { explainFinding } from './findings.ts';
import { clipText, FAILURE_DETAIL_CHARS, FAILURE_MESSAGE_CHARS } from '../report/report-text-budget.ts';

/** A protocol check found a defect; the message starts with the finding's name in brackets. */
export class CheckFailedError extends E2eError {
  readonly finding: string;
  readonly record: CheckRecord;

  constructor(finding: string, message: string, record: CheckRecord, evidence?: string) {
    // What the target sent can be any size: the message keeps the report's limits from the start.
    super(
      'E2E_CHECK_FAILED',
      redactor.redact(
        clipText(
          [
            `[${finding}] ${clipText(message, FAILURE_DETAIL_CHARS)}`,
            `  check:    ${record.id} — ${record.description}`,
            `  expected: ${record.expectation}`,
            `  observed: ${clipText(record.observed, FAILURE_DETAIL_CHARS)}`,
            ...(explainFinding(finding) ? [`  matters:  ${explainFinding(finding)}`] : []),
            ...(evidence ? ['', evidence] : []),
          ].join('\n'),
          FAILURE_MESSAGE_CHARS,
        ),
      ),
    );
    this.name = 'CheckFailedError';
    this.finding = finding;
    this.record = record;
  }
}
