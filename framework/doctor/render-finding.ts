import type { Finding } from './finding.ts';

const MARK: Record<Finding['mark'], string> = { ok: '✓', mismatch: '✗', na: '–' };
const SUBJECT_WIDTH = 18;

/** One finding as the lines doctor prints: the mark, the subject and what was found, then its fix and details. */
export function renderFinding(f: Finding): string[] {
  const indent = ' '.repeat(SUBJECT_WIDTH + 5);
  return [
    `  ${MARK[f.mark]} ${f.subject.padEnd(SUBJECT_WIDTH)} ${f.found}`,
    ...(f.fix ? [`${indent}→ ${f.fix}`] : []),
    ...(f.details ?? []).map((d) => `${indent}${d}`),
  ];
}

/** The last line: how many findings need a setting changed or a fix. */
export function renderVerdict(findings: readonly Finding[]): string {
  const n = findings.filter((f) => f.mark === 'mismatch').length;
  return `${n} mismatch${n === 1 ? '' : 'es'}${n === 0 ? ': nothing to set' : ''}`;
}
