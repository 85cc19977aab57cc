// Type-only description of the agent_chat wire contract as the reference backend speaks it.
// No logic lives here, so that it could be shared with the harness without sharing behaviour.

/** The five critical run events, in the order a healthy run emits them. */
export const RUN_EVENT_TYPES = [
  'agent_started',
  'agent_thinking',
  'tool_executing',
  'tool_completed',
  'agent_completed',
] as const;

export type RunEventType = (typeof RUN_EVENT_TYPES)[number];

/** Fields every run event carries. */
export interface RunEventBase {
  type: RunEventType;
  run_id: string;
  thread_id: string;
  seq: number;
  message_id: string;
}

export type RunEvent = RunEventBase & Record<string, unknown>;

export type ErrorCode =
  'invalid_json' | 'invalid_message' | 'unknown_type' | 'unknown_run' | 'forbidden' | 'token_expired';

export interface ErrorFrame {
  type: 'error';
  code: ErrorCode;
  message: string;
}

export interface ConnectionEstablishedFrame {
  type: 'connection_established';
  connection_id: string;
  user_id: string;
  server_time: string;
}

export interface UserMessage {
  type: 'user_message';
  id: string;
  content: string;
  thread_id?: string;
}

export interface ResumeMessage {
  type: 'resume';
  run_id: string;
  after_seq: number;
}

export type ClientMessage = UserMessage | ResumeMessage;

export type ServerFrame = RunEvent | ErrorFrame | ConnectionEstablishedFrame;
