import type { FaultCase } from './fault-case.ts';

/** Faults the protocol suites exist to catch. */
export const protocolCases: FaultCase[] = [];
