import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './support/import-graph.ts';

// An exported function or constant that no other file names is either dead or private: it should
// not be part of a module's surface. Types are left out: an interface exported beside the function
// whose signature it describes is part of that function's surface.
const ROOT = resolve(import.meta.dirname, '../..');
const OWNERS = ['framework', 'reference'];
const READERS = ['framework', 'reference', 'suites', 'test', 'bench'];
const EXPORTED_VALUE = /^export (?:async )?(?:function\*? |const |let |class |enum |abstract class )(\w+)/gm;

describe('exports', () => {
  it('every exported function, class and constant of framework/ and reference/ is named by another file', () => {
    const files = [...READERS.flatMap((dir) => sourceFiles(ROOT, dir)), 'vitest.config.ts'];
    const text = new Map(files.map((f) => [f, readFileSync(join(ROOT, f), 'utf8')]));
    const unused = files
      .filter((f) => OWNERS.some((dir) => f.startsWith(`${dir}/`)))
      .flatMap((file) =>
        [...text.get(file)!.matchAll(EXPORTED_VALUE)]
          .map((m) => m[1]!)
          .filter((name) => {
            const named = new RegExp(`\\b${name}\\b`);
            return !files.some((other) => other !== file && named.test(text.get(other)!));
          })
          .map((name) => `${file}: ${name}`),
      );
    expect(unused).toEqual([]);
  });
});
