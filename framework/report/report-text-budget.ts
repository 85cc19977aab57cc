/** Most characters one failure's message keeps in the reports; what is longer keeps its start and its end. */
export const FAILURE_MESSAGE_CHARS = 24 * 1024;
/** The same for each of a failure's other texts (diff, stack, actual, expected), and for one console log of a test. */
export const FAILURE_DETAIL_CHARS = 8 * 1024;
/** Failure text one run may write in full; past it each text keeps SPENT_CHARS, so a run of failures cannot fill a disk. */
export const RUN_FAILURE_CHARS = 1024 * 1024;
export const SPENT_CHARS = 2 * 1024;

/**
 * `text` cut to `limit` characters: the start (where the finding is named) and the end (the last
 * frames of a timeline), with a line in between that says how much was cut and why.
 */
export function clipText(
  text: string,
  limit: number,
  why = `a failure keeps at most ${limit} characters in the reports`,
): string {
  if (text.length <= limit) return text;
  const marker = `\n… ${text.length - limit} characters cut (${why}) …\n`;
  const head = Math.ceil(limit * 0.75);
  // Copied, not sliced: V8 may keep a slice's whole parent alive, the very megabytes being cut.
  return Buffer.from(`${text.slice(0, head)}${marker}${text.slice(text.length - (limit - head))}`).toString();
}

/**
 * The failure text of one run: each text is cut to its own limit while the run's budget lasts,
 * and to SPENT_CHARS after, so that one cause behind a hundred failures writes one full account.
 */
export class ReportTextBudget {
  #left: number;

  constructor(chars = RUN_FAILURE_CHARS) {
    this.#left = chars;
  }

  clip(text: string, limit: number): string {
    const spent = this.#left <= 0;
    const clipped = spent
      ? clipText(
          text,
          Math.min(limit, SPENT_CHARS),
          `the run's ${RUN_FAILURE_CHARS} characters of failure text are spent; earlier failures are in full`,
        )
      : clipText(text, limit);
    this.#left -= clipped.length;
    return clipped;
  }

  /** Cuts the texts of a serialized error in place (message, stack, diff, actual, expected). */
  clipError(error: object): void {
    const record = error as Record<string, unknown>;
    for (const key of ['message', 'stack', 'diff', 'actual', 'expected'] as const) {
      const value = record[key];
      if (typeof value === 'string')
        record[key] = this.clip(value, key === 'message' ? FAILURE_MESSAGE_CHARS : FAILURE_DETAIL_CHARS);
    }
  }
}
