// `npx tsx bench/profile-events.ts harness|bare [RUNS_PER_CONNECTION]`: the bench's closed-loop
// events phase against the capacity server, in this process, so that a CPU profile of it is one
// client's alone: `node --cpu-prof --import tsx bench/profile-events.ts harness`. Prints the frames
// received and the CPU-µs per frame. The server runs on the last core, this process on the others.
import { startCapacityServer } from './bench-server.ts';
import { coreSplit, pinThisProcess } from './cpu-pinning.ts';
import { measureEvents } from './phase-events.ts';
import type { ClientKind } from './session.ts';

const ROUNDS = 3;
const ROUND_MS = 1500;

const [kind, runs = '10'] = process.argv.slice(2);
if ((kind !== 'harness' && kind !== 'bare') || !/^[1-9]\d*$/.test(runs)) {
  process.stderr.write('usage: profile-events.ts harness|bare [RUNS_PER_CONNECTION (default 10)]\n');
  process.exit(2);
}

const split = coreSplit();
if (split) pinThisProcess(split.server);
const server = await startCapacityServer();
if (split) pinThisProcess(split.clients);
try {
  let frames = 0;
  let cpuMs = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    const f = await measureEvents({
      kind: kind as ClientKind,
      url: server.wsUrl,
      key: server.key,
      sources: [],
      userOffset: 1000,
      phase: 'events',
      connections: 64,
      runsPerSession: Number(runs),
      durationMs: ROUND_MS,
    });
    frames += f.frames ?? 0;
    cpuMs += f.cpu_ms ?? 0;
  }
  console.log(`${kind}: ${frames} frames, ${((cpuMs * 1000) / frames).toFixed(1)} CPU-µs per frame`);
} finally {
  await server.stop();
}
