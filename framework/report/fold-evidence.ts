import { messageWithEvidence } from '../errors.ts';

/**
 * Puts a serialized harness error's evidence (a connection's timeline, the reconnects) under its
 * one-sentence message, in place: the terminal, junit.xml and the report show a failure with it.
 */
export function foldEvidence(error: object): void {
  const record = error as { message?: unknown; evidence?: unknown };
  if (typeof record.evidence !== 'string' || typeof record.message !== 'string') return;
  record.message = messageWithEvidence(record.message, record.evidence);
  delete record.evidence;
}
