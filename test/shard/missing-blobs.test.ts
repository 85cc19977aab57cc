import { describe, expect, it } from 'vitest';
import { missingBlobs } from '../../framework/shard/missing-blobs.ts';

describe('missingBlobs: a shard that left no blob report is named, not dropped from the counts', () => {
  it.each([
    [
      'every shard wrote both parts',
      ['functional-1-of-2.json', 'functional-2-of-2.json', 'load-1-of-2.json', 'load-2-of-2.json'],
      [],
    ],
    [
      'a shard killed before its functional run ended',
      [
        'functional-1-of-4.json',
        'functional-3-of-4.json',
        'load-1-of-4.json',
        'load-2-of-4.json',
        'load-3-of-4.json',
        'load-4-of-4.json',
      ],
      ['functional tests: shards 2, 4 of 4 missing (no blob report)'],
    ],
    ['a part no shard ran is not missing', ['functional-1-of-2.json', 'functional-2-of-2.json'], []],
    [
      'shards of two different splits',
      ['load-1-of-2.json', 'load-1-of-4.json'],
      ['load tests: blob reports disagree on the number of shards (2, 4)'],
    ],
    ['files that are not shard blobs are left alone', ['notes.json', 'functional-1-of-1.json'], []],
  ])('%s', (_what, blobs, problems) => {
    expect(missingBlobs(blobs)).toEqual(problems);
  });
});
