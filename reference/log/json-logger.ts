// JSON lines on stderr: one object per line, so the harness can parse the backend's story.
// Callers must never pass tokens, passwords or Authorization values as fields.

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;
export type LogSink = (line: string) => void;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const stderrSink: LogSink = (line) => {
  process.stderr.write(line);
};

export function createJsonLogger(sink: LogSink = stderrSink, base: LogFields = {}): Logger {
  const write = (level: LogLevel, msg: string, fields?: LogFields): void => {
    sink(`${JSON.stringify({ t: new Date().toISOString(), level, msg, ...base, ...fields })}\n`);
  };
  return {
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
  };
}

/** The message of an unknown thrown value, for a log field. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
