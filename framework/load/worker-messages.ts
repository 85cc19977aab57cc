import type { ProgressCounts } from './load-progress.ts';
import type { PartOptions, PartResult } from './run-part.ts';

/** A part as it crosses to a worker process: the contract travels as its module path. */
export type WorkerPart = Omit<PartOptions, 'contract'> & { contractModule: string | undefined };

export type ToWorker = { type: 'run'; part: WorkerPart };

export type FromWorker =
  | { type: 'progress'; counts: ProgressCounts }
  | { type: 'result'; result: PartResult; counts: ProgressCounts }
  | { type: 'error'; message: string };
