import { startCapacityServer } from './bench/bench-server.ts';
import { measureEvents } from './bench/phase-events.ts';
const server = await startCapacityServer();
const kinds = (process.argv[2] ?? 'harness,bare').split(',') as ('harness' | 'bare')[];
const best: Record<string, number> = {};
for (let round = 0; round < 3; round++) for (const kind of kinds) {
  const f = await measureEvents({ phase: 'events', kind, url: server.wsUrl, key: server.key, sources: [], userOffset: 0, connections: 64, runsPerSession: 10, durationMs: 3000 });
  best[kind] = Math.max(best[kind] ?? 0, f.events_per_cpu_s!);
}
console.log(Object.entries(best).map(([k, v]) => `${k} ${Math.round(v)} ev/cpu-s (${(1e6 / v).toFixed(1)} us/ev)`).join('; '), best.harness && best.bare ? `ratio ${(best.harness / best.bare).toFixed(2)}` : '');
await server.stop();
