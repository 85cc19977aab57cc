/** One field block of a Server-Sent Events stream: an event (its data lines joined) or a comment line. */
export type SseRecord = { kind: 'event'; event: string | undefined; data: string } | { kind: 'comment'; text: string };

/**
 * Splits a text/event-stream into records as the HTML standard's event-stream parser does: lines
 * end with CRLF, LF or CR; a blank line dispatches the event; `data:` lines join with LF; a line
 * starting with `:` is a comment (keepalives are sent as comments). A block with no data line
 * dispatches nothing. Fields other than `event` and `data` (`id`, `retry`) are not needed here.
 */
export class SseParser {
  #buffer = '';
  #data: string[] = [];
  #event: string | undefined;

  /** Feeds decoded text; returns the records it completed. */
  feed(text: string): SseRecord[] {
    this.#buffer += text;
    const records: SseRecord[] = [];
    let start = 0;
    for (;;) {
      const lf = this.#buffer.indexOf('\n', start);
      const cr = this.#buffer.indexOf('\r', start);
      const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      // A CR at the very end may be the first half of a CRLF: wait for the next chunk.
      if (end === -1 || (end === cr && end === this.#buffer.length - 1)) break;
      const line = this.#buffer.slice(start, end);
      start = end + (this.#buffer[end] === '\r' && this.#buffer[end + 1] === '\n' ? 2 : 1);
      this.#line(line, records);
    }
    this.#buffer = this.#buffer.slice(start);
    return records;
  }

  /** Text received after the last complete line: a stream that ends here was cut mid-event. */
  get pending(): string {
    return this.#buffer;
  }

  #line(line: string, records: SseRecord[]): void {
    if (line === '') {
      if (this.#data.length > 0) records.push({ kind: 'event', event: this.#event, data: this.#data.join('\n') });
      this.#data = [];
      this.#event = undefined;
      return;
    }
    if (line.startsWith(':')) {
      records.push({ kind: 'comment', text: line.slice(1).trim() });
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.#data.push(value);
    else if (field === 'event') this.#event = value;
  }
}
