/** The five critical events of a run, in the order a user must see them. */
export const CRITICAL_EVENTS = [
  'agent_started',
  'agent_thinking',
  'tool_executing',
  'tool_completed',
  'agent_completed',
] as const;

export type CriticalEventType = (typeof CRITICAL_EVENTS)[number];

/**
 * A server frame decoded into the harness's vocabulary. A contract maps its own names
 * onto these; `raw` keeps the frame as the server sent it.
 */
export interface ServerEvent {
  /** Normalized type: a critical event, `connection_established`, `error`, or the server's own name. */
  type: string;
  runId?: string;
  threadId?: string;
  /** The client message this run answers. */
  messageId?: string;
  seq?: number;
  callId?: string;
  /** For `error` events: the error code (`invalid_json`, `token_expired`, ...). */
  code?: string;
  /** For `agent_completed`: the answer text. */
  answer?: string;
  /** For `connection_established`. */
  connectionId?: string;
  userId?: string;
  raw: unknown;
}

export interface UserMessageInput {
  id: string;
  content: string;
  threadId?: string;
}

export interface ResumeInput {
  runId: string;
  afterSeq: number;
}

/** Prompts the suites send; a backend with its own agent supplies prompts that produce the same shapes. */
export interface ContractPrompts {
  /** Answered with exactly one tool call. */
  simple: string;
  /** Answered with two tool calls. */
  twoTools: string;
  /**
   * A run that lasts about `ms` milliseconds. Leave it out for a backend with no long-running
   * prompt: the checks that need a long run (streaming keepalive, send-after-close) then say n.a.
   */
  long?(ms: number): string;
}

/**
 * What a suite needs to speak to a backend. Replace it with `E2E_CONTRACT=./my-contract.ts`
 * (a module whose `contract` export satisfies this interface) and the suites do not change.
 */
export interface Contract {
  name: string;
  /** The application subprotocol offered on every connection, or undefined for none. */
  subprotocol: string | undefined;
  /** The `Sec-WebSocket-Protocol` entry that carries a token for browser-style clients. */
  tokenSubprotocol(token: string): string;
  /**
   * Whether every run event must carry a `seq` that rises by one (default true, as `agent_chat`
   * requires). Set false only for a backend that sends no seq at all: then the seq rule is skipped.
   */
  seqRequired?: boolean;
  /** Critical event types in the order a run must produce them. */
  criticalEvents: readonly string[];
  /**
   * The critical events one event stands for, for a protocol with shorthand events: AG-UI's
   * TEXT_MESSAGE_CHUNK stands for TEXT_MESSAGE_START, _CONTENT and _END. Leave it out for none.
   */
  standsFor?(type: string): readonly string[] | undefined;
  /** The event that ends a run. */
  completionEvent: string;
  /** The event that opens a run. */
  startEvent: string;
  /** The event that starts a tool call and the one that closes it. */
  toolStartEvent: string;
  toolEndEvent: string;
  /** The event that ends a run as failed (AG-UI: RUN_ERROR); leave it out for a backend without one. */
  failureEvent?: string;
  /**
   * The event a server answers a message it refuses with (bad input, a misused resume) or sends
   * before it ends a session (token expired); default `error`. AG-UI: RUN_ERROR.
   */
  errorEvent?: string;
  /**
   * Whether the protocol names its error codes (`invalid_json`, `unknown_type`, `invalid_message`,
   * `token_expired`) as `agent_chat` does (default true). False (AG-UI, whose RUN_ERROR code is the
   * backend's own): any error event satisfies a check that expects one, and its code is reported.
   */
  namedErrorCodes?: boolean;
  /**
   * The event the server sends once a connection is ready. Leave it out for a backend that sends
   * nothing before a run (AG-UI): a connection is then ready at the upgrade.
   */
  readyEvent?: string;
  encodeUserMessage(input: UserMessageInput): string;
  /** The resume message after a reconnect. Leave it out for a backend without resume: the resume checks then say n.a. */
  encodeResume?(input: ResumeInput): string;
  /** Decodes one text frame into a new object (the client stamps it); undefined for a frame that is not a JSON object. */
  decode(text: string): ServerEvent | undefined;
  /**
   * A decoder for one connection or one stream, for a protocol whose events carry their run only by
   * position (AG-UI): it remembers the run in progress. The client calls it once per connection or
   * stream and uses what it returns instead of `decode`.
   */
  createDecoder?(): (text: string) => ServerEvent | undefined;
  /**
   * The protocol's own rules on one run's events, judged on top of the golden path's (AG-UI: every
   * event matches its schema, tool calls and messages pair by id). Where it reports a golden-path
   * rule (`tool_unpaired`, `after_completion`), its findings replace the golden path's for that rule.
   */
  checkEvents?(events: readonly ServerEvent[]): ContractViolation[];
  prompts: ContractPrompts;
}

/** A rule of the contract's protocol that a run broke, as `checkEvents` reports it. */
export interface ContractViolation {
  /** A stable name (`schema`, `tool_unpaired`, …): the report groups failures by it. */
  rule: string;
  /** Index of the offending event within the run, when one event is to blame. */
  index: number | undefined;
  /** One sentence naming the event (`TOOL_CALL_END #4`) and what is wrong with it. */
  message: string;
}

/** Whether `e` is the contract's error event. */
export function isErrorEvent(contract: Contract, e: { type: string }): boolean {
  return e.type === (contract.errorEvent ?? 'error');
}

/** Whether `e` ends a run: the contract's completion, failure or error event. */
export function endsRun(contract: Contract, e: { type: string }): boolean {
  return e.type === contract.completionEvent || e.type === contract.failureEvent || isErrorEvent(contract, e);
}

/** Whether an error event carries `code`, or may carry any code because the protocol names none. */
export function hasErrorCode(contract: Contract, e: { code?: string | undefined }, code: string): boolean {
  return contract.namedErrorCodes === false || e.code === code;
}
