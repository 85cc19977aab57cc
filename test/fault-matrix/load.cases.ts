import type { FaultCase } from './fault-case.ts';

/** Faults the load suites exist to catch. */
export const loadCases: FaultCase[] = [];
