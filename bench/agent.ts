// A bench agent: one measurement in a fresh process. The task arrives over IPC; figures go back
// the same way. A hold reports `held`, then waits for `release` before it closes its connections.
import { measureEvents } from './phase-events.ts';
import { measureHandshakes } from './phase-handshakes.ts';
import { holdConnections } from './phase-hold.ts';
import { measureOpenLoop } from './phase-open-loop.ts';
import type { AgentMessage, AgentTask, Figures } from './tasks.ts';

const tell = (message: AgentMessage): Promise<void> =>
  new Promise((resolve) => process.send!(message, () => resolve()));

function released(): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (m: { type?: string }): void => {
      if (m.type !== 'release') return;
      process.off('message', onMessage);
      resolve();
    };
    process.on('message', onMessage);
  });
}

function run(task: AgentTask): Promise<Figures> {
  switch (task.phase) {
    case 'handshakes':
      return measureHandshakes(task);
    case 'events':
      return measureEvents(task);
    case 'open-loop':
      return measureOpenLoop(task);
    case 'hold':
      return holdConnections(task, async (figures) => {
        const release = released();
        await tell({ type: 'held', figures });
        await release;
      });
  }
}

process.once('message', (task: AgentTask) => {
  run(task)
    .then((figures) => tell({ type: 'result', figures }))
    .catch((error: unknown) => tell({ type: 'error', message: error instanceof Error ? error.message : String(error) }))
    .finally(() => process.exit(0));
});
process.once('disconnect', () => process.exit(0));
