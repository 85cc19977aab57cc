import { checkGoldenPath } from '../assertions/golden-path-rules.ts';
import type { ChatClient } from '../client/chat-client.ts';
import type { CloseInfo } from '../client/received.ts';
import { runTimings, type Run } from '../client/run.ts';
import type { Contract } from '../contract/types.ts';
import type { RunRecord } from './records.ts';
import { redactor } from './redactor.ts';

/** Most runs a single test contributes to the report; a load test's thousands stay in its histograms. */
export const MAX_RUNS_PER_TEST = 25;
/** Events a run's record keeps: its first ones (how it went) and its last (how it ended); a flood of a run keeps no more. */
export const RUN_EVENTS_KEPT = { first: 150, last: 50 };
/** Broken rules a run's record lists; a rule broken by every event of a flood is one line, not thousands. */
const RUN_VIOLATIONS_KEPT = 20;

/** A run as the report shows it: its events with their time from the user message, and the run's latencies. */
export function toRunRecord(run: Run, contract: Contract, close?: CloseInfo): RunRecord {
  const t = runTimings(run, contract);
  const { first, last } = RUN_EVENTS_KEPT;
  const elided = Math.max(0, run.events.length - first - last);
  const kept = elided > 0 ? [...run.events.slice(0, first), ...run.events.slice(-last)] : run.events;
  const violations = checkGoldenPath(run, contract).map((v) => `[${v.rule}] ${v.message}`);
  const more = violations.length - RUN_VIOLATIONS_KEPT;
  return {
    client: redactor.redact(run.client),
    runId: run.runId,
    outcome: run.outcome,
    detail: redactor.redact(run.detail),
    events: kept.map((e) => ({
      type: e.type,
      atMs: round(e.at - run.sentAt),
      ...(e.seq !== undefined ? { seq: e.seq } : {}),
      ...(e.callId !== undefined ? { callId: e.callId } : {}),
    })),
    ...(elided > 0 ? { eventsElided: elided } : {}),
    timings: {
      ...(t.toStartedMs !== undefined ? { toStartedMs: round(t.toStartedMs) } : {}),
      ...(t.toCompletedMs !== undefined ? { toCompletedMs: round(t.toCompletedMs) } : {}),
      largestGapMs: round(t.largestGapMs),
    },
    ...absences(run, contract),
    violations: [...violations.slice(0, RUN_VIOLATIONS_KEPT), ...(more > 0 ? [`… ${more} more broken rules`] : [])].map(
      (v) => redactor.redact(v),
    ),
    ...(close ? { close: { code: close.code, reason: redactor.redact(close.reason), by: close.by } } : {}),
  };
}

/** The records of every run the clients collected, capped at MAX_RUNS_PER_TEST (first ones kept). */
export function runRecordsOf(
  clients: readonly Pick<ChatClient, 'runs' | 'closeInfo'>[],
  contract: Contract,
): RunRecord[] {
  const records: RunRecord[] = [];
  for (const client of clients) {
    for (const run of client.runs) {
      if (records.length >= MAX_RUNS_PER_TEST) return records;
      records.push(toRunRecord(run, contract, client.closeInfo));
    }
  }
  return records;
}

// What the timeline draws as absent: each critical event that never came, where the contract puts it, and each tool call left open.
function absences(run: Run, contract: Contract): Pick<RunRecord, 'missing' | 'openCalls'> {
  const present = new Set(run.events.map((e) => e.type));
  const critical = contract.criticalEvents;
  const missing = critical.flatMap((type, i) => {
    if (present.has(type)) return [];
    const after = critical.slice(0, i).findLast((t) => present.has(t));
    const before = critical.slice(i + 1).find((t) => present.has(t));
    return [{ type, ...(after ? { after } : {}), ...(before ? { before } : {}) }];
  });
  const open = new Set<string>();
  for (const e of run.events) {
    if (e.callId === undefined) continue;
    if (e.type === contract.toolStartEvent) open.add(e.callId);
    else if (e.type === contract.toolEndEvent) open.delete(e.callId);
  }
  return {
    ...(missing.length > 0 ? { missing } : {}),
    ...(open.size > 0 ? { openCalls: [...open].slice(0, RUN_VIOLATIONS_KEPT) } : {}),
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
