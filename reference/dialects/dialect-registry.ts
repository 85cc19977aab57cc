// Every dialect the reference backend can speak, one documented line each.
// A dialect is not a bug: it is how another healthy stack does the same job differently,
// so a harness that fails on one is wrong about the target, not the other way round.

export const DIALECT_REGISTRY = {
  auth_before_upgrade:
    'the token is checked before the Upgrade header: a plain GET /ws answers 401 without a valid token, 426 with one',
  raw_jwt_subprotocol: 'the jwt.* subprotocol entry carries the raw JWT (jwt.eyJ...), not base64url of it',
  no_resume: 'resume is not implemented: a resume message is answered error unknown_type',
  short_runs: 'no long-running prompt: a message saying long or long:<ms> runs like any other',
  no_origin_allowlist: 'every Origin is accepted (auth alone guards the socket, as behind an auth gateway)',
  python_close_codes:
    'a client that stops answering pings is closed 1011 "keepalive ping timeout", not 1001 "idle timeout"',
  ag_ui:
    'speaks AG-UI: POST /agent streams a run as SSE; on /ws a RunAgentInput frame starts a run (agent_chat if negotiated)',
} as const satisfies Record<string, string>;

export type DialectName = keyof typeof DIALECT_REGISTRY;

/** The switched-on dialects; empty means the reference's own behaviour. */
export type ActiveDialects = ReadonlySet<DialectName>;

export const DIALECT_NAMES = Object.keys(DIALECT_REGISTRY) as DialectName[];

export function isDialectName(name: string): name is DialectName {
  return Object.hasOwn(DIALECT_REGISTRY, name);
}
