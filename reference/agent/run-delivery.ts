import type { RunEvent } from '../contract/agent-chat-types.ts';
import type { Run, RunSubscriber } from './run.ts';

/**
 * Sends an event to the run's listeners, dropping any whose socket has closed (the send itself
 * logs that). `everyone` is set by the broadcast_events fault: all connections, whoever they are.
 */
export function deliverEvent(run: Run, event: RunEvent, everyone?: Iterable<RunSubscriber>): void {
  if (everyone) {
    for (const connection of everyone) connection.send(event);
    return;
  }
  for (const subscriber of [...run.subscribers]) {
    if (!subscriber.send(event)) run.subscribers.delete(subscriber);
  }
}

/** Closes every connection listening to the run with 1011 and forgets them. */
export function closeRunListeners(run: Run): void {
  for (const subscriber of [...run.subscribers]) subscriber.close(1011, 'internal error');
  run.subscribers.clear();
}
