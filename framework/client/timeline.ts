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
  | { t: number; kind: 'note'; message: string };

/** Entries carry `t`, milliseconds on the monotonic clock (`performance.now()`). */
type Entry = TimelineEntry;
type NewEntry = Entry extends infer E ? (E extends Entry ? Omit<E, 't'> : never) : never;

const TEXT_LIMIT = 160;

/** Every frame in and out of one connection, with monotonic timestamps. */
export class Timeline {
  readonly label: string;
  readonly origin: number;
  readonly entries: TimelineEntry[] = [];
  readonly #now: () => number;

  constructor(label: string, now: () => number = () => performance.now()) {
    this.label = label;
    this.#now = now;
    this.origin = now();
  }

  add(entry: NewEntry): TimelineEntry {
    // The entry object is the caller's fresh literal: stamp it in place (this runs once per frame).
    const full = entry as TimelineEntry;
    full.t = this.#now();
    if ('text' in full) full.text = clip(full.text);
    this.entries.push(full);
    return full;
  }

  /** The largest silence between two consecutive frames received (pings included), in ms. */
  largestInboundGap(from = 0, to = Number.POSITIVE_INFINITY): { gapMs: number; after: TimelineEntry | undefined } {
    let last: TimelineEntry | undefined;
    let best = { gapMs: 0, after: undefined as TimelineEntry | undefined };
    for (const e of this.entries) {
      if (e.t < from || e.t > to) continue;
      const inbound = e.kind === 'in' || e.kind === 'close' || ((e.kind === 'ping' || e.kind === 'pong') && e.direction === 'in');
      if (!inbound) continue;
      if (last && e.t - last.t > best.gapMs) best = { gapMs: e.t - last.t, after: last };
      last = e;
    }
    return best;
  }

  /** Renders the timeline (its first `entryCount` entries) for a failure message or a report, with secrets redacted. */
  render(limit = 80, entryCount = this.entries.length): string {
    const lines = this.entries.slice(0, entryCount).map((e) => `  ${fmt(e.t - this.origin)}  ${describe(e)}`);
    const shown = lines.length > limit ? [...lines.slice(0, 10), `  … ${lines.length - limit} entries …`, ...lines.slice(-(limit - 10))] : lines;
    return redactor.redact(`Timeline of ${this.label}:\n${shown.join('\n')}`);
  }
}

function fmt(ms: number): string {
  return `+${ms.toFixed(1).padStart(8)} ms`;
}

function clip(text: string): string {
  return text.length > TEXT_LIMIT ? `${text.slice(0, TEXT_LIMIT)}… (${text.length} chars)` : text;
}

function describe(e: TimelineEntry): string {
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
  }
}
