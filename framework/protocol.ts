/**
 * What a protocol-level check imports (`golden-path/protocol`): hand-built frames and handshakes,
 * the cases of RFC 6455 and of bad tokens and inputs, and the judges that turn what a server
 * answered into a verdict. The close-codes, header-compat and auth-session suites are written with it.
 */
export { Opcode } from './raw/frame.ts';
export type { HandshakeAnswer } from './raw/raw-handshake.ts';
export { PROTOCOL_CASES } from './raw/protocol-cases.ts';
export { TOKEN_CASES, TOKEN_CASE_LABEL, tokenForCase } from './checks/token-cases.ts';
export { BAD_INPUT_KINDS, badInput } from './checks/bad-inputs.ts';
export { failed, heartbeatMayHaveClosed, passed, type Judgement } from './checks/judgement.ts';
export { judgeClose } from './checks/judge-close.ts';
export { judgeSelection } from './checks/judge-subprotocol.ts';
export { judgeAccepted, judgeCredentialRefused } from './checks/judge-auth.ts';
export { judgeStreamAccepted, judgeStreamRefused, summarizeStream } from './checks/judge-stream-auth.ts';
export { judgeMalformedHandshake } from './checks/judge-refusal.ts';
export { judgeBrowserSession, judgeBrowserRefused } from './checks/judge-browser.ts';
export { browserGoldenPath } from './checks/browser-client.ts';
export { summarizeAttempt } from './checks/observe-attempt.ts';
export { missingFact } from './checks/server-facts.ts';
export { blockerOf } from './target/blockers.ts';
