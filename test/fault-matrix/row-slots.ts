/**
 * Rows of the fault matrix run side by side: most of a row is waiting (a vitest start, the stack's
 * start, the suite's timers), so two at a time on this machine halve the matrix. A row that runs
 * the load suite takes every slot: its figures are judged against the machine as calibrated alone.
 */
export class RowSlots {
  readonly size: number;
  #free: number;
  readonly #queue: { need: number; go: () => void }[] = [];

  constructor(size: number) {
    if (!(size >= 1)) throw new RangeError(`RowSlots: size must be ≥ 1, got ${size}`);
    this.size = size;
    this.#free = size;
  }

  /** Runs `body` once `need` slots (at most all of them) are free; first come, first served. */
  async run<T>(need: number, body: () => Promise<T>): Promise<T> {
    const n = Math.min(Math.max(1, need), this.size);
    await new Promise<void>((go) => {
      this.#queue.push({ need: n, go });
      this.#next();
    });
    try {
      return await body();
    } finally {
      this.#free += n;
      this.#next();
    }
  }

  // In order: a row that needs every slot is not overtaken by small ones, so it cannot starve.
  #next(): void {
    while (this.#queue.length > 0 && this.#queue[0]!.need <= this.#free) {
      const row = this.#queue.shift()!;
      this.#free -= row.need;
      row.go();
    }
  }
}
