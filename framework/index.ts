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
