import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2eError } from '../errors.ts';
import { SUMMARY_SCHEMA, type Summary } from './summary.ts';

/** Reads and checks a summary.json; anything else fails with E2E_REPORT_INVALID naming the file. */
export function readSummary(path: string): Summary {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new E2eError(
      'E2E_REPORT_INVALID',
      `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  let parsed: Partial<Summary>;
  try {
    parsed = JSON.parse(text) as Partial<Summary>;
  } catch {
    throw new E2eError('E2E_REPORT_INVALID', `${path}: not JSON`);
  }
  if (parsed.schema !== SUMMARY_SCHEMA || !Array.isArray(parsed.suites) || !parsed.totals) {
    throw new E2eError(
      'E2E_REPORT_INVALID',
      `${path}: not a golden-path summary (expected "schema": "${SUMMARY_SCHEMA}")`,
    );
  }
  return parsed as Summary;
}

/** The summaries the shards' invocations wrote under `<shardsDir>/reports/<part>-<i>-of-<n>/`. */
export function readShardSummaries(shardsDir: string): Summary[] {
  const dir = join(shardsDir, 'reports');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .map((name) => join(dir, name, 'summary.json'))
    .filter((file) => existsSync(file))
    .map(readSummary);
}
