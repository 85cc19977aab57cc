/**
 * What a suite imports (`golden-path`): the golden-path `test` with its fixtures, `expect` with the
 * matchers, how a check words what it saw, and the probes and diagnoses the lifecycle suites use.
 * Protocol-level parts are in `golden-path/protocol` (framework/protocol.ts), what a contract
 * module needs in `golden-path/contract`; the rest is internal.
 */
import './assertions/matchers.ts';
export { test, describe, expect, beforeAll, afterAll } from './fixtures.ts';
// For test options fixed at definition time (a staging run's long timeouts); tests use the `config` fixture.
export { loadConfig } from './config/load-config.ts';
export type { E2eConfig } from './config/config.ts';
export { hasErrorCode, isErrorEvent, type Contract } from './contract/types.ts';
export type { ChatClient, CloseInfo, ReceivedEvent } from './client/chat-client.ts';
export { endOf, type RunClient } from './client/chat-factory.ts';
export type { SseChatClient } from './client/sse-client.ts';
export { startRun } from './client/run.ts';
export type { OpenCheck } from './checks/check-recorder.ts';
export { closeText, observeClose, type Observation } from './checks/judgement.ts';
export { checkGoldenPath } from './assertions/golden-path-rules.ts';
export { latencyTable } from './report/latency-table.ts';
export { pingForPong, collectServerPings, watchTimerLag } from './client/heartbeat-probe.ts';
export { auditDelivery, renderDeliveryAudit } from './diagnosis/delivery-audit.ts';
export { diagnoseStream } from './diagnosis/stream-diagnosis.ts';
export { logOffset, scanServerLog, renderLogFindings } from './diagnosis/server-log.ts';
export { checkServerHealth } from './diagnosis/server-health.ts';
export { runPreflight, renderPreflight } from './target/preflight.ts';
export { preflightOptions } from './target/preflight-setup.ts';
export { canRestart, restartTarget } from './target/target-control.ts';
