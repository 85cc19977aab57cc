import { JsHistogram, decodeFromCompressedBase64 } from 'hdr-histogram-js';

export interface Bins {
  /** Lower edge of the first bin and upper edge of the last, in ms. */
  lo: number;
  hi: number;
  /** Upper edge of each bin, in ms. */
  edges: number[];
  counts: number[];
  total: number;
}

/**
 * Decodes a base64 compressed HdrHistogram and bins its recorded values into `binCount` equal
 * bins between its smallest and largest value. `unitMs` converts recorded values to ms; when not
 * given it is inferred from the record's max in ms (harnesses record µs or ms).
 */
export function binHistogram(encoded: string, binCount: number, maxMs?: number, unitMs?: number): Bins | undefined {
  let h;
  try {
    h = decodeFromCompressedBase64(encoded, 32, false);
  } catch {
    return undefined;
  }
  if (!(h instanceof JsHistogram) || h.totalCount === 0) return undefined;
  const unit = unitMs ?? inferUnit(h.maxValue, maxMs);
  const lo = h.minNonZeroValue === Number.MAX_SAFE_INTEGER ? 0 : h.minNonZeroValue * unit;
  const hi = Math.max(lo + 1e-6, h.maxValue * unit);
  const width = (hi - lo) / binCount;
  const counts = new Array<number>(binCount).fill(0);
  const it = h.recordedValuesIterator;
  it.reset();
  while (it.hasNext()) {
    const v = it.next();
    const ms = v.valueIteratedTo * unit;
    const bin = Math.min(binCount - 1, Math.max(0, Math.floor((ms - lo) / width)));
    counts[bin] = (counts[bin] ?? 0) + v.countAtValueIteratedTo;
  }
  h.destroy();
  return {
    lo,
    hi,
    edges: counts.map((_, i) => lo + width * (i + 1)),
    counts,
    total: counts.reduce((a, b) => a + b, 0),
  };
}

// The nearest power of ten that maps the histogram's max onto the record's max (in ms).
function inferUnit(maxValue: number, maxMs: number | undefined): number {
  if (!maxMs || maxValue <= 0) return 1;
  return 10 ** Math.round(Math.log10(maxMs / maxValue));
}
