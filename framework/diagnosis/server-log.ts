import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { redactor } from '../report/redactor.ts';

export type LogFindingKind = 'crash' | 'send_after_close' | 'error';

export interface LogFinding {
  kind: LogFindingKind;
  /** A few words: the JSON line's level and msg, or the error's first line. */
  summary: string;
  /** The offending line (redacted), with the first stack frames for a crash. */
  text: string;
}

/** Where a log file ends now: scan from here to see only what a test caused. */
export function logOffset(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

const WROTE_TO_CLOSED =
  /send after close|write after end|not open|closed socket|EPIPE|ERR_STREAM_DESTROYED|ERR_STREAM_WRITE_AFTER_END/i;
const CRASH = /^(?:[A-Z]\w*Error\b|Error\b|Uncaught|Unhandled)|\b(?:uncaughtException|unhandledRejection)\b/;
const STACK_FRAME = /^\s+at\s/;

/**
 * Reads a server log from `fromOffset` and picks out what a healthy server never writes: an
 * uncaught exception (a crash), an error-level line about writing to a closed socket, any other
 * error-level line. Understands JSON lines (`level`, `msg`) and plain stderr text.
 */
export function scanServerLog(file: string, fromOffset = 0): { lines: string[]; findings: LogFinding[] } {
  const lines = readFrom(file, fromOffset)
    .split('\n')
    .filter((l) => l.trim() !== '');
  const findings: LogFinding[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const json = parseJson(line);
    if (json) {
      const level = String(json.level ?? '').toLowerCase();
      if (level !== 'error' && level !== 'fatal') continue;
      const text = redactor.redact(line);
      const summary = redactor.redact(`${level} "${String(json.msg ?? '')}"`);
      findings.push({
        kind: WROTE_TO_CLOSED.test(String(json.msg ?? '')) ? 'send_after_close' : 'error',
        summary,
        text,
      });
      continue;
    }
    if (!CRASH.test(line)) continue;
    const frames = [];
    while (STACK_FRAME.test(lines[i + 1] ?? '') && frames.length < 4) frames.push(lines[++i]!);
    while (STACK_FRAME.test(lines[i + 1] ?? '')) i++;
    findings.push({
      kind: 'crash',
      summary: redactor.redact(line.trim().slice(0, 200)),
      text: redactor.redact([line, ...frames].join('\n')),
    });
  }
  return { lines, findings };
}

/** The findings as a block for a failure message. */
export function renderLogFindings(findings: readonly LogFinding[]): string {
  return findings.map((f) => `  [${f.kind}] ${f.text.replace(/\n/g, '\n    ')}`).join('\n');
}

function readFrom(file: string, offset: number): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return '';
  }
  try {
    const size = statSync(file).size;
    if (size <= offset) return '';
    const buffer = Buffer.alloc(Math.min(size - offset, 8 * 1024 * 1024));
    readSync(fd, buffer, 0, buffer.length, offset);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function parseJson(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
