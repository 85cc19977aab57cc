import { describe, expect, it } from 'vitest';
import { FAULT_NAMES } from '../../reference/faults/fault-registry.ts';
import { parseFaults } from '../../reference/faults/parse-faults.ts';
import { FAULT_CASES } from './cases.ts';

// A fault with no row is a bug the harness claims to catch and never shows catching.
describe('the fault matrix', () => {
  // Read by the reference's own parser: a row that misspells its fault fails here, not in a slow matrix run.
  const covered = new Set(
    FAULT_CASES.flatMap((c) => {
      const agUi = (c.env?.REF_DIALECT ?? '').split(',').includes('ag_ui');
      return Object.keys(parseFaults(c.fault, { agUi }));
    }),
  );

  it.each(FAULT_NAMES)('has a row that switches on %s', (fault) => {
    expect(covered.has(fault), `no row of test/fault-matrix/*.cases.ts sets REF_FAULTS=${fault}`).toBe(true);
  });
});
