// A load worker process: receives its part over IPC (secrets never on argv or env), runs it,
// reports progress each second and its mergeable result, then exits.
import { loadContract } from '../contract/load-contract.ts';
import { emptyCounts } from './load-progress.ts';
import { runPart } from './run-part.ts';
import type { FromWorker, ToWorker } from './worker-messages.ts';

const tell = (message: FromWorker): Promise<void> =>
  new Promise((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()));

process.once('message', (message: ToWorker) => {
  if (message.type !== 'run') return;
  const { contractModule, ...part } = message.part;
  const counts = emptyCounts(part.users.length);
  const ticker = setInterval(() => void tell({ type: 'progress', counts }), 1000);
  loadContract(contractModule)
    .then((contract) => runPart({ ...part, contract }, counts))
    .then((result) => tell({ type: 'result', result, counts }))
    .catch((error: unknown) => tell({ type: 'error', message: error instanceof Error ? error.message : String(error) }))
    .finally(() => {
      clearInterval(ticker);
      process.disconnect?.();
    });
});
// The parent went away: there is nobody to report to.
process.once('disconnect', () => setTimeout(() => process.exit(0), 100).unref());
