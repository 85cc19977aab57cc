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
  /** The event that ends a run. */
  completionEvent: string;
  /** The event that opens a run. */
  startEvent: string;
  /** The event that starts a tool call and the one that closes it. */
  toolStartEvent: string;
  toolEndEvent: string;
  /** The event the server sends once a connection is ready. */
  readyEvent: string;
  encodeUserMessage(input: UserMessageInput): string;
  /** The resume message after a reconnect. Leave it out for a backend without resume: the resume checks then say n.a. */
  encodeResume?(input: ResumeInput): string;
  /** Decodes one text frame into a new object (the client stamps it); undefined for a frame that is not a JSON object. */
  decode(text: string): ServerEvent | undefined;
  prompts: ContractPrompts;
}
