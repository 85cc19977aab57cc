import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycles, importGraph, importsOf, sourceFiles } from './support/import-graph.ts';

// The allowed imports between the folders, written down and checked, as Playwright's DEPS.list does.
const ROOT = resolve(import.meta.dirname, '../..');

/** What a suite may import of the framework: `golden-path` and `golden-path/protocol`. */
const SUITE_ENTRIES = ['framework/index.ts', 'framework/protocol.ts'];
/** Packages a suite may name besides the framework's entries: the test runner, and jose to read a token's claims. */
const SUITE_PACKAGES = ['vitest', 'jose'];

const isBuiltin = (specifier: string) => specifier.startsWith('node:') || builtinModules.includes(specifier);

/** `file: specifier` for every import of the files under `dir` that `allowed` refuses. */
function refused(dir: string, allowed: (edge: { specifier: string; file: string | undefined }) => boolean): string[] {
  return sourceFiles(ROOT, dir).flatMap((file) =>
    importsOf(ROOT, file)
      .filter((edge) => !allowed(edge))
      .map((edge) => `${file}: ${edge.specifier}`),
  );
}

describe('imports between folders', () => {
  it("suites/ import the framework's entries only (golden-path, golden-path/protocol), besides node, vitest and jose", () => {
    const stray = refused(
      'suites',
      ({ specifier, file }) =>
        SUITE_ENTRIES.includes(file ?? '') || isBuiltin(specifier) || SUITE_PACKAGES.includes(specifier.split('/')[0]!),
    );
    expect(stray).toEqual([]);
  });

  it('each public entry stays small (at most 40 names), and package.json exports exactly these entries', () => {
    const entries = [...SUITE_ENTRIES, 'framework/contract/index.ts'];
    const exported = (file: string) =>
      [...readFileSync(join(ROOT, file), 'utf8').matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)].flatMap((m) =>
        m[1]!
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean),
      );
    for (const file of entries) expect(exported(file).length, file).toBeLessThanOrEqual(40);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string> };
    expect(Object.values(pkg.exports).filter((f) => f.endsWith('.ts'))).toEqual(entries.map((f) => `./${f}`));
  });

  it('framework/ never imports reference/: the harness tests any backend, the reference is one of them', () => {
    expect(refused('framework', ({ file }) => !file?.startsWith('reference/'))).toEqual([]);
  });

  it('reference/ never imports the harness: a backend that does could pass for the wrong reason', () => {
    const harness = ['framework/', 'suites/', 'test/'];
    expect(refused('reference', ({ file }) => !harness.some((dir) => file?.startsWith(dir)))).toEqual([]);
  });

  it('framework/ files import each other without a cycle, type-only imports included', () => {
    const graph = importGraph(ROOT, sourceFiles(ROOT, 'framework'));
    const cycles = findCycles(graph).map((cycle) => cycle.join(' → '));
    expect(cycles).toEqual([]);
  });

  it('finds a cycle, and every file on it', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'node:fs']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(findCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });
});
