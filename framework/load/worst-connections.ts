import type { UserOutcome } from './user-outcome.ts';

/** A connection shown in a load failure: what happened to it and its timeline (redacted). */
export interface ShownConnection {
  userId: string;
  status: UserOutcome['status'];
  detail: string;
  timings: UserOutcome['timings'];
  timeline: string;
}

type Kept = Omit<ShownConnection, 'timeline'> & { timeline: { render(limit?: number): string } | string | undefined };

/**
 * Keeps the few connections worth showing when a threshold is crossed: the first failures (one of
 * each kind before a second of any), and the slowest completions. Everything else is let go.
 */
export class WorstConnections {
  readonly #limit: number;
  #failures: Kept[] = [];
  #slowest: Kept[] = [];

  constructor(limit = 3) {
    this.#limit = limit;
  }

  offer(o: UserOutcome | ShownConnection): void {
    const kept: Kept = {
      userId: o.userId,
      status: o.status,
      detail: o.detail,
      timings: o.timings,
      timeline: o.timeline,
    };
    if (o.status !== 'ok') {
      this.#failures.push(kept);
      this.#failures = diverse(this.#failures, this.#limit);
    }
    const completion = o.timings.completion;
    if (completion === undefined) return;
    const last = this.#slowest.at(-1);
    if (this.#slowest.length >= this.#limit && last && (last.timings.completion ?? 0) >= completion) return;
    this.#slowest.push(kept);
    this.#slowest.sort((a, b) => (b.timings.completion ?? 0) - (a.timings.completion ?? 0));
    this.#slowest.length = Math.min(this.#slowest.length, this.#limit);
  }

  /** Failures first, then the slowest completions, each with its timeline rendered. */
  list(): ShownConnection[] {
    const seen = new Set<string>();
    return [...this.#failures, ...this.#slowest].flatMap((k) => {
      if (seen.has(k.userId)) return [];
      seen.add(k.userId);
      const timeline = typeof k.timeline === 'string' ? k.timeline : (k.timeline?.render(40) ?? '(no timeline)');
      return [{ ...k, timeline }];
    });
  }
}

// Round-robin over failure kinds in arrival order, so one flood of 503s does not hide a 1011.
function diverse(all: Kept[], limit: number): Kept[] {
  const byKind = new Map<string, Kept[]>();
  for (const k of all) byKind.set(k.status, [...(byKind.get(k.status) ?? []), k]);
  const out: Kept[] = [];
  for (let round = 0; out.length < limit; round += 1) {
    const before = out.length;
    for (const list of byKind.values()) if (list[round] && out.length < limit) out.push(list[round]!);
    if (out.length === before) break;
  }
  return out;
}
