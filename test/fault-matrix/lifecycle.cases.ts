import type { FaultCase } from './fault-case.ts';

/** Faults the lifecycle suites exist to catch. */
export const lifecycleCases: FaultCase[] = [];
