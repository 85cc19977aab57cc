const LIMIT = 220;

// `[rule] …`, or a verdict line `✗ [rule] …` (a load run lists each threshold it crossed that way).
const NAMED = /^(?:✗\s*)?(\[[\w:.-]+\].*)$/;

/**
 * The one line that explains a failure: the message's first line, plus the first named rule
 * (`[rule] ...` or `✗ [rule] ...`) below it when the first line does not name one itself.
 * @example failureHeadline('load threshold crossed: success_rate\n  ✗ [success_rate] success rate 0.000 < 0.990')
 * // 'load threshold crossed: success_rate — [success_rate] success rate 0.000 < 0.990'
 */
export function failureHeadline(message: string): string {
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const first = lines[0] ?? '(no message)';
  const rule = /\[[\w:.-]+\]/.test(first)
    ? undefined
    : lines
        .slice(1, 12)
        .map((l) => NAMED.exec(l)?.[1])
        .find((l) => l !== undefined);
  const line = rule ? `${first.replace(/:$/, '')} — ${rule}` : first;
  return line.length > LIMIT ? `${line.slice(0, LIMIT - 1)}…` : line;
}
