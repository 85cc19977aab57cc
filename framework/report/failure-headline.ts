const LIMIT = 220;

/**
 * The one line that explains a failure: the message's first line, plus the first named rule
 * (`[rule] ...`) below it when the first line only announces that something broke.
 */
export function failureHeadline(message: string): string {
  const lines = message.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const first = lines[0] ?? '(no message)';
  const rule = /\[[\w:.-]+\]/.test(first) ? undefined : lines.slice(1, 12).find((l) => /^\[[\w:.-]+\]/.test(l));
  const line = rule ? `${first.replace(/:$/, '')} — ${rule}` : first;
  return line.length > LIMIT ? `${line.slice(0, LIMIT - 1)}…` : line;
}
