/** What a suite imports: the golden-path `test` with its fixtures, `expect` with the matchers, and the parts. */
import './assertions/matchers.ts';

export { test, describe, expect, beforeAll, afterAll } from './fixtures.ts';
export { ChatClient, type ConnectOptions, type ReceivedEvent, type CloseInfo } from './client/chat-client.ts';
export { ClientError, HandshakeError } from './client/errors.ts';
export { runTimings, type Run, type RunTimings } from './client/run.ts';
export { Timeline, type TimelineEntry } from './client/timeline.ts';
export { checkGoldenPath, type Violation } from './assertions/golden-path-rules.ts';
export { renderRunEvents } from './assertions/render-run.ts';
export { TokenFactory, NEGATIVE_TOKEN_KINDS, type NegativeTokenKind } from './auth/token-factory.ts';
export { login } from './auth/login.ts';
export { E2eError, ConfigError } from './errors.ts';
export { redactor } from './report/redactor.ts';
export type { E2eConfig } from './config/config.ts';
export type { Contract, ServerEvent } from './contract/types.ts';
export type { ResolvedTarget } from './target/resolved-target.ts';
export { latencyTable } from './report/latency-table.ts';
export { Opcode, buildFrame, type Frame, type FrameSpec } from './raw/frame.ts';
export { encodeClose, decodeClose } from './raw/close-payload.ts';
export { headerList } from './raw/http-head.ts';
export { rawHandshake, type HandshakeAnswer } from './raw/raw-handshake.ts';
export type { RawConnection, CloseOutcome } from './raw/raw-connection.ts';
export { PROTOCOL_CASES, type ProtocolCase } from './raw/protocol-cases.ts';
export { passed, failed, closeText, observeClose, type Judgement, type Observation } from './checks/judgement.ts';
export { CheckFailedError } from './checks/check-failed-error.ts';
export { judgeClose } from './checks/judge-close.ts';
export { judgeSelection } from './checks/judge-subprotocol.ts';
export { judgeAccepted, judgeCredentialRefused } from './checks/judge-auth.ts';
export { judgeMalformedHandshake } from './checks/judge-refusal.ts';
export { summarizeAttempt, type AttemptSummary } from './checks/observe-attempt.ts';
export { TOKEN_CASES, TOKEN_CASE_LABEL, tokenForCase, type TokenCase } from './checks/token-cases.ts';
export { BAD_INPUT_KINDS, badInput, badInputs, type BadInput } from './checks/bad-inputs.ts';
export { browserGoldenPath, type BrowserSession } from './checks/browser-client.ts';
export { judgeBrowserSession, judgeBrowserRefused } from './checks/judge-browser.ts';
export type { BrowserClient } from './browser/browser-socket.ts';
export { missingFact, type ServerFacts } from './checks/server-facts.ts';
export {
  ReconnectingClient,
  type ReconnectRecord,
  type ReconnectingClientOptions,
} from './client/reconnecting-client.ts';
export { Backoff, type BackoffPolicy } from './client/backoff.ts';
export type { Delivery, ResumeSent } from './client/resume-ledger.ts';
export { pingForPong, collectServerPings } from './client/heartbeat-probe.ts';
export { auditDelivery, renderDeliveryAudit, type DeliveryAudit } from './diagnosis/delivery-audit.ts';
export { diagnoseStream, type StreamDiagnosis } from './diagnosis/stream-diagnosis.ts';
export { logOffset, scanServerLog, renderLogFindings, type LogFinding } from './diagnosis/server-log.ts';
export { runPreflight, renderPreflight, PreflightError, type PreflightReport } from './target/preflight.ts';
export { canRestart, restartTarget } from './target/target-control.ts';
export { blockerOf, throwIfBlocked, type Blocker } from './target/blockers.ts';
export { attach } from './report/records.ts';
export { runLoad, type LoadOptions, type LoadResult } from './load/run-load.ts';
export { loadOptionsFromConfig } from './load/load-from-config.ts';
export { judgeLoad, describeVerdict, describeVerdicts, type LoadVerdict } from './load/load-verdicts.ts';
export { assertLoadVerdicts, describeLoad } from './load/load-failure.ts';
export { toLoadRecord } from './load/load-record.ts';
export { writeShardLoad, shardDir } from './shard/shard-file.ts';
export { checkServerHealth } from './diagnosis/server-health.ts';
// For test options fixed at definition time (a staging run's long timeouts); tests use the `config` fixture.
export { loadConfig } from './config/load-config.ts';
