import { checkGoldenPath } from '../assertions/golden-path-rules.ts';
import type { ChatClient } from '../client/chat-client.ts';
import { runTimings, type Run } from '../client/run.ts';
import type { Contract } from '../contract/types.ts';
import type { RunRecord } from './records.ts';
import { redactor } from './redactor.ts';

/** Most runs a single test contributes to the report; a load test's thousands stay in its histograms. */
export const MAX_RUNS_PER_TEST = 25;

/** A run as the report shows it: each event with its time from the user message, and the run's latencies. */
export function toRunRecord(run: Run, contract: Contract, close?: ChatClient['closeInfo']): RunRecord {
  const t = runTimings(run, contract);
  return {
    client: redactor.redact(run.client),
    runId: run.runId,
    outcome: run.outcome,
    detail: redactor.redact(run.detail),
    events: run.events.map((e) => ({
      type: e.type,
      atMs: round(e.at - run.sentAt),
      ...(e.seq !== undefined ? { seq: e.seq } : {}),
      ...(e.callId !== undefined ? { callId: e.callId } : {}),
    })),
    timings: {
      ...(t.toStartedMs !== undefined ? { toStartedMs: round(t.toStartedMs) } : {}),
      ...(t.toCompletedMs !== undefined ? { toCompletedMs: round(t.toCompletedMs) } : {}),
      largestGapMs: round(t.largestGapMs),
    },
    violations: checkGoldenPath(run, contract).map((v) => redactor.redact(`[${v.rule}] ${v.message}`)),
    ...(close ? { close: { code: close.code, reason: redactor.redact(close.reason), by: close.by } } : {}),
  };
}

/** The records of every run the clients collected, capped at MAX_RUNS_PER_TEST (first ones kept). */
export function runRecordsOf(clients: readonly ChatClient[], contract: Contract): RunRecord[] {
  const records: RunRecord[] = [];
  for (const client of clients) {
    for (const run of client.runs) {
      if (records.length >= MAX_RUNS_PER_TEST) return records;
      records.push(toRunRecord(run, contract, client.closeInfo));
    }
  }
  return records;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
