// `npm run bench [-- --json FILE] [--quick]`: the harness measured against a bare `ws` client and
// Artillery, on this machine, against the reference backend in its own process(es).
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { ephemeralPorts } from '../framework/load/source-addresses.ts';
import { benchPlan } from './bench-plan.ts';
import { benchTable, notesText } from './bench-report.ts';
import { emptyResult, type BenchResult } from './bench-result.ts';
import { explainMisses } from './explain.ts';
import {
  artilleryPhase,
  eventsPhase,
  handshakePhase,
  oneRunEventsPhase,
  openLoopPhase,
  shardedPhase,
  singlePhase,
  warmUp,
} from './bench-phases.ts';
import { startBenchServer, startCapacityServer, type BenchServer } from './bench-server.ts';
import { coreSplit, pinThisProcess } from './cpu-pinning.ts';

const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
const plan = benchPlan(args.includes('--quick'));
const started = performance.now();
const log = (line: string): void => void process.stdout.write(`${line}\n`);
const result: BenchResult = emptyResult(`npm run bench -- ${args.join(' ')}`.trim(), {
  cores: cpus().length,
  node: process.version,
  fd_soft: plan.fd.soft,
  fd_hard: plan.fd.hard,
  ephemeral_ports: ephemeralPorts(),
});
const left = (): number => plan.budgetS * 1000 - (performance.now() - started);

/** Runs a phase if its estimate fits what is left of the budget; a failure becomes a note, not a crash. */
async function phase(
  name: string,
  estimateS: number,
  figures: (keyof BenchResult)[],
  body: () => Promise<void>,
): Promise<void> {
  if (left() < estimateS * 1000) {
    for (const f of figures)
      result.notes[f] ??= `not measured: ${name} would not fit in what was left of the ${plan.budgetS} s budget`;
    return;
  }
  log(`${name} …`);
  const t = performance.now();
  try {
    await body();
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    for (const f of figures) if (result[f] === null) result.notes[f] ??= `${name} failed: ${why}`;
  }
  log(`${name} done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

const split = args.includes('--no-pin') ? undefined : coreSplit();

/** A server for `body`; pinned: the server gets its own core (forks inherit affinity), the agents the rest. */
async function withServer(
  start: () => Promise<BenchServer>,
  pinned: boolean,
  body: (server: BenchServer) => Promise<void>,
): Promise<void> {
  const pin = pinned && split && pinThisProcess(split.server);
  const server = await start().finally(() => split && pinThisProcess(pin ? split.clients : split.all));
  if (pinned)
    result.machine.pinning = pin
      ? `server on CPU ${split!.server}, clients on CPU ${split!.clients}`
      : 'not pinned (taskset unavailable)';
  try {
    await body(server);
  } finally {
    await server.stop();
    if (split) pinThisProcess(split.all);
  }
}

async function main(): Promise<void> {
  log(
    `golden-path bench: ${result.machine.cores} cores, node ${result.machine.node}, open files ${plan.fd.soft} (hard ${plan.fd.hard})`,
  );
  await withServer(
    () => startBenchServer(1),
    true,
    async (server) => {
      const ctx = { plan, server, result, log };
      await phase('warm-up', 15, [], () => warmUp(ctx));
      await phase('handshakes', 30, ['handshakes_per_s', 'handshakes_per_s_bare'], () =>
        handshakePhase(ctx, 'reference'),
      );
      await phase('events (closed loop)', 40, ['events_per_s', 'events_per_s_bare', 'events_per_cpu_s'], () =>
        eventsPhase(ctx, 'reference'),
      );
      await phase('open loop at 10k events/s', 40, ['added_p50_ms_at_10k_eps'], () => openLoopPhase(ctx, 'reference'));
      await phase('connections held by one process', 90, ['max_connections_single', 'rss_per_conn_bytes'], () =>
        singlePhase(ctx),
      );
      await phase('artillery', 100, ['events_per_cpu_s_artillery'], () => artilleryPhase(ctx));
    },
  );
  await withServer(startCapacityServer, true, async (server) => {
    const ctx = { plan, server, result, log };
    // The server's share of its core in each phase: under ~90% it was not what bounded the figures.
    const serverShare: Record<string, number> = {};
    result.details.capacity_server_cpu_share = [serverShare];
    const measured = (name: string, body: () => Promise<void>) => async () => {
      const [cpu0, t0] = [await server.cpuMs!(), performance.now()];
      await body();
      serverShare[name] = ((await server.cpuMs!()) - cpu0) / (performance.now() - t0);
      log(`  capacity server: ${Math.round(serverShare[name] * 100)}% of its core`);
    };
    await phase('capacity server: warm-up', 15, [], () => warmUp(ctx));
    await phase(
      'capacity server: handshakes',
      30,
      [
        'handshakes_per_s_capacity',
        'handshakes_per_s_capacity_bare',
        'cpu_us_per_handshake',
        'cpu_us_per_handshake_bare',
      ],
      measured('handshakes', () => handshakePhase(ctx, 'capacity')),
    );
    await phase(
      'capacity server: events (closed loop)',
      40,
      ['events_per_s_capacity', 'events_per_s_capacity_bare', 'cpu_us_per_event', 'cpu_us_per_event_bare'],
      measured('events', () => eventsPhase(ctx, 'capacity')),
    );
    await phase(
      'capacity server: events, one golden path per connection',
      30,
      ['cpu_us_per_event_one_run', 'cpu_us_per_event_one_run_bare'],
      measured('events_one_run', () => oneRunEventsPhase(ctx)),
    );
    await phase(
      'capacity server: open loop at 10k events/s',
      40,
      ['added_p50_ms_at_10k_eps_capacity'],
      measured('open_loop', () => openLoopPhase(ctx, 'capacity')),
    );
  });
  await phase('connections held, sharded', 150, ['max_connections_sharded'], () =>
    withServer(
      () => startBenchServer(plan.sharded.serverWorkers),
      false,
      (server) => shardedPhase({ plan, server, result, log }),
    ),
  );
  if (plan.fd.hard <= plan.fd.soft) {
    result.notes.limits = `open files: soft ${plan.fd.soft} = hard ${plan.fd.hard} per process (not raised); each connection costs one descriptor in the client and one in the server process`;
  }
  explainMisses(result, plan.events.durationMs / 1000, plan.openLoop.durationMs / 1000);
  result.duration_s = Math.round((performance.now() - started) / 1000);
  log(`\n${benchTable(result)}\n${notesText(result)}\nbench finished in ${result.duration_s} s`);
  if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(result, null, 2)}\n`);
}

// Whatever happens, the bench ends: the budget is a hard stop too.
setTimeout(
  () => {
    log('golden-path bench: over the 10-minute limit, stopping');
    process.exit(1);
  },
  (plan.budgetS + 25) * 1000,
).unref();

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`golden-path bench: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
