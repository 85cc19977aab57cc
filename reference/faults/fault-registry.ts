// Every fault switch the reference backend knows, one documented line each.
// Each one reproduces a production bug the harness is meant to catch.
import type { FaultEventType } from './fault-event-types.ts';

/** The kind of argument a fault takes after its colon (`name:arg`). */
export type FaultArgKind = 'none' | 'event' | 'ms' | 'count' | 'fraction' | 'text';

export interface FaultSpec {
  readonly arg: FaultArgKind;
  readonly doc: string;
}

export const FAULT_REGISTRY = {
  drop_event: { arg: 'event', doc: 'that event is never sent (its seq is still consumed)' },
  reorder_events: {
    arg: 'none',
    doc: "each run's first tool_executing/tool_completed pair is sent swapped, seqs kept (ag_ui: TOOL_CALL_END/TOOL_CALL_RESULT)",
  },
  close_1011_after: {
    arg: 'event',
    doc: 'after the first event of that type in a run, close the connection 1011 (SSE: cut the stream, no last chunk)',
  },
  stall_after: { arg: 'event', doc: 'after that event nothing more is sent for the run; the socket stays open' },
  duplicate_event: { arg: 'event', doc: 'that event is sent twice' },
  omit_seq: { arg: 'none', doc: 'run events are sent without their seq' },
  invalid_event: {
    arg: 'none',
    doc: "ag_ui only: each run's first TEXT_MESSAGE_CONTENT carries delta as a number, so it fails the schema",
  },
  slow_handshake: { arg: 'ms', doc: 'every upgrade is delayed by that many ms' },
  max_connections: { arg: 'count', doc: 'upgrades beyond n open connections are refused with 503' },
  close_1011_rate: { arg: 'fraction', doc: 'every round(1/fraction)-th run closes its connection 1011 mid-run' },
  crash_on_malformed: {
    arg: 'none',
    doc: 'invalid JSON closes the connection 1011 instead of an error frame (ag_ui over SSE: HTTP 500, not 400)',
  },
  echo_token_subprotocol: { arg: 'none', doc: 'the jwt.* subprotocol entry is selected instead of agent_chat' },
  echo_unoffered_subprotocol: { arg: 'none', doc: 'agent_chat is answered whatever the client offered' },
  no_subprotocol_echo: { arg: 'none', doc: 'no subprotocol is ever selected' },
  ignore_auth_header: { arg: 'none', doc: 'the Authorization header is ignored (only subprotocol/query tokens count)' },
  case_sensitive_bearer: { arg: 'none', doc: 'the Authorization scheme is read only when spelled exactly "Bearer"' },
  accept_no_token: { arg: 'none', doc: 'a handshake with no credential at all is let in, as user anonymous' },
  accept_expired: { arg: 'none', doc: 'expired and not-yet-valid tokens are accepted' },
  accept_alg_none: { arg: 'none', doc: 'unsigned alg:none tokens are accepted (iss/aud still checked)' },
  accept_any_audience: { arg: 'none', doc: 'the token audience is not checked' },
  bypass_outside_test_mode: { arg: 'none', doc: 'the bypass header is honoured even when test mode is off' },
  no_origin_check: { arg: 'none', doc: 'any Origin is accepted' },
  no_payload_limit: { arg: 'none', doc: 'the frame size limit is raised to 100 MiB' },
  no_expiry_check: { arg: 'none', doc: 'a token expiring while connected does not end the connection' },
  no_rate_limit: { arg: 'none', doc: 'the stated rate limit is not enforced: a flood of messages is all taken' },
  upgrade_then_close_on_bad_token: { arg: 'none', doc: 'a bad or missing token is upgraded (101) then closed 1008' },
  idle_cut: { arg: 'ms', doc: 'like a proxy: the TCP socket is destroyed after ms without a frame either way' },
  no_keepalive: { arg: 'none', doc: 'no server pings, and long runs stay silent while they wait' },
  broadcast_events: {
    arg: 'none',
    doc: "every connection receives every run's events, whoever owns the run (ag_ui: every stream or socket with a run in flight)",
  },
  resume_loses_event: { arg: 'none', doc: 'a resume loses the first event after its after_seq (replayed or live)' },
  resume_duplicates_event: {
    arg: 'none',
    doc: 'a resume replays from after_seq itself: the last event the client had arrives twice',
  },
  close_1011_on_resume: { arg: 'none', doc: 'the resume handler throws: every resume closes its connection 1011' },
  resume_ignores_owner: { arg: 'none', doc: "a resume of another user's run is honoured (replayed and subscribed)" },
  crash_after_client_close: {
    arg: 'none',
    doc: 'a send after the client closed throws and kills the process (exit 1); ag_ui over SSE: a run outlives its aborted request',
  },
  no_pong: { arg: 'none', doc: 'client pings are not answered' },
  report_version: { arg: 'text', doc: 'the backend /health reports this version (a stale build)' },
} as const satisfies Record<string, FaultSpec>;

export type FaultName = keyof typeof FAULT_REGISTRY;

type ArgValue<K extends FaultArgKind> = K extends 'none'
  ? true
  : K extends 'event'
    ? ReadonlySet<FaultEventType>
    : K extends 'text'
      ? string
      : number;

/** The switched-on faults with their parsed arguments; event faults may name several types. */
export type ActiveFaults = {
  readonly [N in FaultName]?: ArgValue<(typeof FAULT_REGISTRY)[N]['arg']>;
};

export const FAULT_NAMES = Object.keys(FAULT_REGISTRY) as FaultName[];

export function isFaultName(name: string): name is FaultName {
  return Object.hasOwn(FAULT_REGISTRY, name);
}
