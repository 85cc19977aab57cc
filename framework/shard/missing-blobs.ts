const BLOB = /^(functional|load)-(\d+)-of-(\d+)\.json$/;

/**
 * Shards whose vitest blob report is absent, per part (functional, load) that any shard wrote: a
 * shard that was killed or never started leaves no file, and its tests would silently drop out of
 * the counts. Names that are not shard blobs are left alone.
 * @example missingBlobs(['functional-1-of-4.json', 'functional-3-of-4.json']) // ['functional tests: shards 2, 4 of 4 missing (no blob report)']
 */
export function missingBlobs(blobs: readonly string[]): string[] {
  const parts = new Map<string, { counts: Set<number>; indexes: Set<number> }>();
  for (const name of blobs) {
    const m = BLOB.exec(name);
    if (!m) continue;
    const part = parts.get(m[1]!) ?? { counts: new Set<number>(), indexes: new Set<number>() };
    part.indexes.add(Number(m[2]));
    part.counts.add(Number(m[3]));
    parts.set(m[1]!, part);
  }
  const problems: string[] = [];
  for (const [part, { counts, indexes }] of parts) {
    if (counts.size > 1) {
      problems.push(
        `${part} tests: blob reports disagree on the number of shards (${[...counts].sort((a, b) => a - b).join(', ')})`,
      );
      continue;
    }
    const count = [...counts][0]!;
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !indexes.has(i));
    if (missing.length > 0)
      problems.push(
        `${part} tests: shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${count} missing (no blob report)`,
      );
  }
  return problems;
}
