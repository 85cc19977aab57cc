import type { LoadThresholds } from '../config/config.ts';
import type { CheckRecord, LoadRecord, RunRecord } from './records.ts';

/** Identifies the file format; `golden-path compare` refuses anything else. */
export const SUMMARY_SCHEMA = 'golden-path/summary@1';

/** `blocked`: a failed test that a cause named by the preflight kept from checking anything (see `blockers`). */
export type Verdict = 'pass' | 'fail' | 'skip' | 'blocked';

/** What a target said about itself in /health and /health/websocket before the suites ran. */
export interface HealthSeen {
  backend?: { status?: string; version?: string; commit?: string };
  auth?: { status?: string; version?: string };
  websocket?: { status?: string; connections?: number; subprotocols?: string[]; authModes?: string[] };
  /** Endpoints that could not be read, with why. */
  errors: string[];
}

export interface TestSummary {
  name: string;
  /** Describe blocks and test name, joined with " > ". */
  fullName: string;
  verdict: Verdict;
  durationMs: number;
  /** The one line that explains a failure, and the full message (evidence, timeline). */
  failure?: { headline: string; message: string };
  /** For a skipped test: why (a check not applicable to this target says so). */
  note?: string;
  /** For a blocked test: the id of the cause in the summary's `blockers`. */
  blockedBy?: string;
  runs: RunRecord[];
  checks: CheckRecord[];
  load: LoadRecord[];
}

export interface SuiteSummary {
  /** File stem, e.g. `golden-path` for suites/golden-path.e2e.ts. */
  name: string;
  file: string;
  verdict: Verdict;
  durationMs: number;
  /** A failure outside any test (import error, beforeAll). */
  error?: { headline: string; message: string };
  tests: TestSummary[];
}

/** The JSON summary of one e2e run (`reports/summary.json`). */
export interface Summary {
  schema: typeof SUMMARY_SCHEMA;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  target: { env: string; kind: string; backendUrl?: string; wsUrl?: string; authUrl?: string; faults: string };
  versions: HealthSeen;
  thresholds:
    | {
        latencyBudgetMs: number;
        timeouts: { handshakeMs: number; eventMs: number; runMs: number };
        keepaliveMs: number;
        load: LoadThresholds & { users: number; concurrency: number; rate: number; durationS: number };
      }
    | undefined;
  shard?: { index: number; count: number };
  /** Set on a summary put together from n shards by `golden-path merge`. */
  merged?: { shards: number; problems: string[] };
  /** Failed counts only tests that checked something and found a defect; blocked ones are counted apart. */
  totals: { suites: number; tests: number; passed: number; failed: number; blocked: number; skipped: number };
  /** Causes the preflight found, each stated once, with how many tests it blocked. */
  blockers?: { id: string; diagnosis: string; blocked: number }[];
  /** The run was stopped before its end (SIGINT, SIGTERM, its parent gone): tests that did not run are skipped, and this is not a pass. */
  interrupted?: boolean;
  /** Checks the env file switched off on purpose, each a warning the reader must see (e.g. E2E_ORIGIN_CHECK=off). */
  warnings?: string[];
  /** Close codes seen: load runs' counts plus the final close of every recorded client. */
  closeCodes: Record<string, number>;
  suites: SuiteSummary[];
  /** Errors vitest reported outside any test. */
  unhandledErrors: string[];
}
