import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { logOffset, renderLogFindings, scanServerLog } from '../../framework/diagnosis/server-log.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function logFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'gp-log-'));
  dirs.push(dir);
  const file = join(dir, 'server.log');
  writeFileSync(file, text);
  return file;
}

// What node prints for an uncaught exception, after JSON log lines.
const CRASH = [
  '{"t":"2026-01-01T00:00:00Z","level":"warn","msg":"send after close ignored","connection_id":"c1"}',
  '{"t":"2026-01-01T00:00:00Z","level":"error","msg":"send after close","connection_id":"c1"}',
  '/app/chat-connection.ts:93',
  "          throw new Error('send after close');",
  '          ^',
  '',
  'Error: send after close',
  '    at process.<anonymous> (/app/chat-connection.ts:93:17)',
  '    at process.processTicksAndRejections (node:internal/process/task_queues:77:11)',
  '',
  'Node.js v20.19.0',
].join('\n');

describe('scanServerLog', () => {
  it('finds the error-level send after close and the uncaught exception, not the warning', () => {
    const { findings } = scanServerLog(logFile(CRASH));
    expect(findings.map((f) => [f.kind, f.summary])).toEqual([
      ['send_after_close', 'error "send after close"'],
      ['crash', 'Error: send after close'],
    ]);
    expect(findings[1]!.text).toMatch(/^Error: send after close\n {4}at process\.<anonymous>/);
    expect(renderLogFindings(findings)).toMatch(/^ {2}\[send_after_close\] \{"t"/);
  });

  it('reads only what came after an offset, so earlier tests do not count', () => {
    const file = logFile('{"level":"error","msg":"earlier trouble"}\n');
    const offset = logOffset(file);
    appendFileSync(file, '{"level":"info","msg":"connection close"}\n');
    expect(scanServerLog(file, offset).findings).toEqual([]);
    appendFileSync(file, '{"level":"error","msg":"message handler failed","token":"Bearer abcdefghijklmnop"}\n');
    const later = scanServerLog(file, offset).findings;
    expect(later).toHaveLength(1);
    expect(later[0]).toMatchObject({ kind: 'error', summary: 'error "message handler failed"' });
    expect(later[0]!.text).not.toContain('abcdefghijklmnop');
  });

  it('a missing file has no findings and offset 0', () => {
    expect(logOffset('/nonexistent/log')).toBe(0);
    expect(scanServerLog('/nonexistent/log').findings).toEqual([]);
  });
});
