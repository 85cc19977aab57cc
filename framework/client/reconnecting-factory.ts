import type { RunnerTestCase } from 'vitest';
import type { E2eConfig } from '../config/config.ts';
import type { Contract } from '../contract/types.ts';
import { attach } from '../report/records.ts';
import { toRunRecord } from '../report/run-record.ts';
import type { ConnectFactory, ConnectRequest } from './connect-factory.ts';
import { ReconnectingClient } from './reconnecting-client.ts';

export interface ReconnectingFactory {
  /** A client that reconnects with the env file's backoff and resumes; every connection it dials comes from `connect`. */
  (request?: Omit<ConnectRequest, 'label'>): Promise<ReconnectingClient>;
  readonly clients: readonly ReconnectingClient[];
}

/** Makes ReconnectingClients over the `connect` fixture, stops them all after the test and reports their merged runs. */
export function createReconnectingFactory(deps: {
  connect: ConnectFactory;
  contract: Contract;
  config: E2eConfig;
  task: RunnerTestCase;
}): ReconnectingFactory & { closeAll(): Promise<void> } {
  const clients: ReconnectingClient[] = [];
  const { initialMs, maxMs, withinMs } = deps.config.reconnect;
  const factory = (async (request: Omit<ConnectRequest, 'label'> = {}) => {
    const client = await ReconnectingClient.open({
      // Each dial gets its own label from the connect fixture, so every connection is named apart.
      dial: () => deps.connect(request),
      contract: deps.contract,
      backoff: { initialMs, maxMs },
      withinMs,
      label: `reconnecting#${clients.length + 1}`,
    });
    clients.push(client);
    return client;
  }) as ReconnectingFactory & { closeAll(): Promise<void> };
  Object.defineProperty(factory, 'clients', { get: () => clients });
  factory.closeAll = async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    const runs = clients.flatMap((c) => c.runs.map((run) => toRunRecord(run, deps.contract, c.current.closeInfo)));
    if (runs.length > 0) attach(deps.task, 'runs', runs);
  };
  return factory;
}
