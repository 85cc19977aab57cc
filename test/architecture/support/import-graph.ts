import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** One import of a source file: the specifier as written, and the project file it names when it is relative. */
export interface ImportEdge {
  specifier: string;
  /** Path from the project root; undefined for packages and node built-ins. */
  file: string | undefined;
}

/** Every `.ts` file under `dir`, as paths from `root`, sorted. */
export function sourceFiles(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

/**
 * The imports of one file as the compiler reads them: static ones, type-only ones (they tie two
 * modules together all the same), re-exports, and dynamic imports of a literal path.
 */
export function importsOf(root: string, file: string): ImportEdge[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
  return importedFiles.map(({ fileName: specifier }) => ({
    specifier,
    file: specifier.startsWith('.') ? relative(root, resolve(root, dirname(file), specifier)) : undefined,
  }));
}

/** The import graph of `files`: each file and the project files it imports. */
export function importGraph(root: string, files: readonly string[]): Map<string, string[]> {
  return new Map(files.map((f) => [f, importsOf(root, f).flatMap((i) => (i.file ? [i.file] : []))]));
}

/**
 * Import cycles within the graph, each as a path that ends where it starts (`a → b → a`). Every
 * cycle shows up in at least one of them: a depth-first walk reports each edge back into its stack.
 */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}
