import { performance } from 'node:perf_hooks';
import { redactor } from '../report/redactor.ts';

export type TimelineEntry =
  | { t: number; kind: 'connect'; url: string; auth: string; protocols: string[] }
  | { t: number; kind: 'open'; protocol: string; status: number }
  | { t: number; kind: 'refused'; status: number; body: string }
  | { t: number; kind: 'error'; message: string }
  | { t: number; kind: 'in'; type: string; size: number; text: string; seq?: number; runId?: string }
  | { t: number; kind: 'out'; type: string; size: number; text: string }
  | { t: number; kind: 'ping' | 'pong'; direction: 'in' | 'out'; size: number }
  | { t: number; kind: 'close'; code: number; reason: string; by: 'server' | 'client' | 'none' }
  | { t: number; kind: 'note'; message: string }
  /** Stands for the entries dropped from the middle of a long timeline. */
  | { t: number; kind: 'elided'; count: number };

/** Entries carry `t`, milliseconds on the monotonic clock (`performance.now()`). */
type Entry = TimelineEntry;
type NewEntry = Entry extends infer E ? (E extends Entry ? Omit<E, 't'> : never) : never;

const TEXT_LIMIT = 160;

/** Entries a timeline keeps at each end; a target that floods a connection cannot make it grow past about three times this. */
export const TIMELINE_KEEP = 200;

/**
 * Every frame in and out of one connection, with monotonic timestamps. A long one keeps its first
 * `keep` entries and at least its last `keep`: the middle becomes one `elided` entry that counts
 * what was dropped.
 */
export class Timeline {
  readonly label: string;
  readonly origin: number;
  readonly entries: TimelineEntry[] = [];
  readonly #now: () => number;
  readonly #keep: number;
  #added = 0;
  #elided: Extract<TimelineEntry, { kind: 'elided' }> | undefined;

  constructor(label: string, now: () => number = () => performance.now(), keep = TIMELINE_KEEP) {
    this.label = label;
    this.#now = now;
    this.#keep = keep;
    this.origin = now();
  }

  /** Entries ever added, dropped ones included: a mark to render the timeline as it stood (`render(limit, mark)`). */
  get size(): number {
    return this.#added;
  }

  add(entry: NewEntry): TimelineEntry {
    // The entry object is the caller's fresh literal: stamp it in place.
    const full = entry as TimelineEntry;
    full.t = this.#now();
    if ('text' in full) full.text = clip(full.text);
    this.#push(full);
    return full;
  }

  /**
   * Records a frame received at `t` (on this timeline's clock, `performance.now()` unless the
   * timeline was given another): what a client does once per frame, so one object of one shape.
   */
  received(
    t: number,
    type: string,
    size: number,
    text: string,
    seq: number | undefined,
    runId: string | undefined,
  ): void {
    this.#push({ t, kind: 'in', type, size, text: clip(text), seq, runId });
  }

  #push(full: TimelineEntry): void {
    this.entries.push(full);
    this.#added += 1;
    // Trimming once the tail holds twice what is kept makes the cost per entry constant.
    if (this.entries.length > 3 * this.#keep + 1) this.#trim();
  }

  #trim(): void {
    const from = this.#keep + (this.#elided ? 1 : 0);
    const dropped = this.entries.length - this.#keep - from;
    if (this.#elided) {
      this.#elided.count += dropped;
      this.entries.splice(from, dropped);
    } else {
      this.#elided = { t: this.entries[from]!.t, kind: 'elided', count: dropped };
      this.entries.splice(from, dropped, this.#elided);
    }
  }

  // Position of entry `i` among all entries ever added.
  #ordinal(i: number): number {
    return this.#elided && i > this.#keep ? this.#added - (this.entries.length - i) : i;
  }

  /** The largest silence between two consecutive frames received (pings included), in ms. */
  largestInboundGap(from = 0, to = Number.POSITIVE_INFINITY): { gapMs: number; after: TimelineEntry | undefined } {
    let last: TimelineEntry | undefined;
    let best = { gapMs: 0, after: undefined as TimelineEntry | undefined };
    for (const e of this.entries) {
      if (e.t < from || e.t > to) continue;
      const inbound =
        e.kind === 'in' || e.kind === 'close' || ((e.kind === 'ping' || e.kind === 'pong') && e.direction === 'in');
      if (!inbound) continue;
      if (last && e.t - last.t > best.gapMs) best = { gapMs: e.t - last.t, after: last };
      last = e;
    }
    return best;
  }

  /**
   * Renders the timeline for a failure message or a report, with secrets redacted: at most `limit`
   * lines, and only the entries added before `mark` (a `size` read earlier) when one is given.
   */
  render(limit = 80, mark = this.#added): string {
    const upTo = this.entries.flatMap((e, i): TimelineEntry[] => {
      // The elided entries come right after the first `keep`: as many of them as were added before the mark.
      if (e.kind === 'elided') return mark > this.#keep ? [{ ...e, count: Math.min(e.count, mark - this.#keep) }] : [];
      return this.#ordinal(i) < mark ? [e] : [];
    });
    const line = (e: TimelineEntry) =>
      e.kind === 'elided' ? `  ${describe(e, this.#keep)}` : `  ${fmt(e.t - this.origin)}  ${describe(e, this.#keep)}`;
    let lines = upTo.map(line);
    if (upTo.length > limit) {
      const hidden = upTo
        .slice(10, upTo.length - (limit - 10))
        .reduce((n, e) => n + (e.kind === 'elided' ? e.count : 1), 0);
      lines = [...lines.slice(0, 10), `  … ${hidden} entries …`, ...lines.slice(-(limit - 10))];
    }
    return redactor.redact(`Timeline of ${this.label}:\n${lines.join('\n')}`);
  }
}

function fmt(ms: number): string {
  return `+${ms.toFixed(1).padStart(8)} ms`;
}

/** Longest text whose head is kept as a slice; a longer one is copied (see clip). */
const SLICE_LIMIT = 1024;

// V8 may keep a slice's whole parent string alive: a frame of megabytes in an entry of a line. So
// the head of a long text is a copy; a short one's slice keeps at most SLICE_LIMIT chars alive, and
// costs no copy on the frames of every run.
function clip(text: string): string {
  if (text.length <= TEXT_LIMIT) return text;
  const head = text.slice(0, TEXT_LIMIT);
  return `${text.length <= SLICE_LIMIT ? head : Buffer.from(head).toString()}… (${text.length} chars)`;
}

function describe(e: TimelineEntry, keep: number): string {
  switch (e.kind) {
    case 'connect':
      return `→ connect ${e.url} auth=${e.auth} protocols=[${e.protocols.join(', ')}]`;
    case 'open':
      return `← ${e.status} upgraded, protocol=${e.protocol || '(none)'}`;
    case 'refused':
      return `← HTTP ${e.status} refused: ${e.body}`;
    case 'error':
      return `✗ error: ${e.message}`;
    case 'in':
      return `← ${e.type}${e.seq !== undefined ? ` seq=${e.seq}` : ''}${e.runId ? ` run=${e.runId}` : ''}  ${e.text}`;
    case 'out':
      return `→ ${e.type}  ${e.text}`;
    case 'ping':
    case 'pong':
      return `${e.direction === 'in' ? '←' : '→'} ${e.kind} (${e.size} bytes)`;
    case 'close':
      return `${e.by === 'client' ? '→' : '←'} close ${e.code}${e.reason ? ` "${e.reason}"` : ''}${e.by === 'none' ? ' (no close frame)' : ''}`;
    case 'note':
      return `· ${e.message}`;
    case 'elided':
      return `… ${e.count} ${e.count === 1 ? 'entry' : 'entries'} elided (a connection's timeline keeps its first ${keep} and at least its last ${keep})`;
  }
}
