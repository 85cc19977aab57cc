/**
 * Every environment variable the harness reads, with its default and one line of meaning.
 * `golden-path --help` and the README's table are generated from / checked against this list.
 */
export interface VariableSpec {
  readonly name: string;
  readonly kind: VariableKind;
  readonly values?: readonly string[];
  /** Inclusive bounds of an int or number; a value outside them stops the run naming the variable. */
  readonly range?: readonly [min: number, max: number];
  readonly default?: string;
  readonly doc: string;
}

/** What each kind of variable parses to (parse-value.ts); an enum narrows to its own values. */
export interface KindValues {
  string: string;
  url: string;
  'ws-url': string;
  int: number;
  number: number;
  fraction: number;
  bool: boolean;
  enum: string;
  secret: string;
  shard: { index: number; count: number };
}
export type VariableKind = keyof KindValues;

// Node's timers hold at most 2^31-1 ms; a longer wait fires at once (a false verdict), and 0 means no wait at all.
const TIMER: readonly [number, number] = [1, 2_147_483_647];

export const VARIABLES = [
  // Selection
  { name: 'E2E_ENV', kind: 'string', default: 'local', doc: 'Picks env/<name>.env (local, docker, staging).' },
  { name: 'E2E_ENV_FILE', kind: 'string', doc: 'Path of an env file to use instead of env/<E2E_ENV>.env.' },
  {
    name: 'E2E_TARGET',
    kind: 'enum',
    values: ['local', 'docker', 'remote'],
    default: 'local',
    doc: 'local starts the reference stack; docker brings up docker-compose.yml; remote starts nothing.',
  },
  {
    name: 'E2E_CONTRACT',
    kind: 'string',
    doc: 'The contract: agent_chat (default), ag-ui (the AG-UI protocol), or a module exporting `contract` that maps your message shapes.',
  },
  // Where the target is (remote and docker)
  {
    name: 'E2E_AUTH_URL',
    kind: 'url',
    doc: 'Base URL of the auth service (POST /auth/login, /.well-known/jwks.json).',
  },
  {
    name: 'E2E_BACKEND_URL',
    kind: 'url',
    doc: 'Base URL of the chat backend (/health, /health/websocket); with E2E_TRANSPORT=sse it defaults to the origin of E2E_SSE_URL.',
  },
  {
    name: 'E2E_WS_URL',
    kind: 'ws-url',
    doc: 'WebSocket URL of the chat backend (ws:// or wss://); not needed for an agent reached only over SSE (E2E_TRANSPORT=sse).',
  },
  {
    name: 'E2E_TRANSPORT',
    kind: 'enum',
    values: ['ws', 'sse'],
    default: 'ws',
    doc: 'How runs travel: ws (a WebSocket) or sse (each message a POST answered with an event stream, as AG-UI agents serve; the WebSocket-only checks say n.a.).',
  },
  {
    name: 'E2E_SSE_URL',
    kind: 'url',
    doc: 'Where runs are POSTed when E2E_TRANSPORT=sse (default: E2E_BACKEND_URL with the path /agent).',
  },
  {
    name: 'E2E_COMPOSE_FILE',
    kind: 'string',
    default: 'docker-compose.yml',
    doc: 'Compose file for the docker target.',
  },
  // Auth
  {
    name: 'E2E_AUTH_MODE',
    kind: 'enum',
    values: ['header', 'subprotocol', 'query'],
    default: 'header',
    doc: 'How the default client carries its token (with E2E_TRANSPORT=sse: header or query).',
  },
  {
    name: 'E2E_USERS',
    kind: 'secret',
    doc: 'Test accounts as email:password,email:password (from the CI secret store; never in a file).',
  },
  {
    name: 'E2E_SIGNING_KEY',
    kind: 'secret',
    doc: 'Private JWK (JSON) trusted by the target, to mint tokens for any user; the local target makes its own.',
  },
  {
    name: 'E2E_TOKEN_ISSUER',
    kind: 'string',
    default: 'golden-path-reference-auth',
    doc: 'Issuer (iss) of valid tokens.',
  },
  { name: 'E2E_TOKEN_AUDIENCE', kind: 'string', default: 'golden-path-chat', doc: 'Audience (aud) of valid tokens.' },
  {
    name: 'E2E_TEST_MODE',
    kind: 'bool',
    default: 'false',
    doc: 'The target declares a test mode in which the bypass header is honoured.',
  },
  {
    name: 'E2E_BYPASS_HEADER',
    kind: 'string',
    default: 'X-E2E-Bypass',
    doc: 'Name of the test-bypass header that must be refused outside test mode.',
  },
  {
    name: 'E2E_JWKS_URL',
    kind: 'url',
    doc: 'Where the target publishes its public keys (default: <E2E_AUTH_URL>/.well-known/jwks.json); the algorithm-confusion token is made from it.',
  },
  {
    name: 'E2E_ALLOWED_ORIGIN',
    kind: 'url',
    default: 'https://app.example.com',
    doc: 'An Origin the target allows (a look-alike of it must be refused).',
  },
  {
    name: 'E2E_ORIGIN_CHECK',
    kind: 'enum',
    values: ['on', 'off'],
    default: 'on',
    doc: 'off: the target has no Origin allowlist by design; the Origin checks say n.a. and the summary warns that cross-site WebSocket hijacking was not checked.',
  },
  // Time
  {
    name: 'E2E_HANDSHAKE_TIMEOUT_MS',
    kind: 'int',
    range: TIMER,
    default: '5000',
    doc: 'Longest wait for a WebSocket handshake.',
  },
  {
    name: 'E2E_EVENT_TIMEOUT_MS',
    kind: 'int',
    range: TIMER,
    default: '5000',
    doc: 'Longest wait for any one expected frame.',
  },
  {
    name: 'E2E_RUN_TIMEOUT_MS',
    kind: 'int',
    range: TIMER,
    default: '15000',
    doc: 'Longest wait for a whole run to complete.',
  },
  {
    name: 'E2E_LATENCY_BUDGET_MS',
    kind: 'int',
    range: TIMER,
    default: '2000',
    doc: 'Budget from sending a message to agent_completed.',
  },
  // Streaming and heartbeat
  {
    name: 'E2E_LONG_RUN_MS',
    kind: 'int',
    range: TIMER,
    default: '3000',
    doc: 'Duration asked of the long-run prompt (minutes on staging, seconds locally).',
  },
  {
    name: 'E2E_KEEPALIVE_MS',
    kind: 'int',
    range: TIMER,
    default: '30000',
    doc: 'Contract bound on silence during a run: the largest gap between frames must stay under it.',
  },
  {
    name: 'E2E_PROXY_IDLE_HINT_MS',
    kind: 'int',
    range: TIMER,
    default: '1000',
    doc: 'A 1006 after a quiet period at least this long is reported as a likely proxy idle cut.',
  },
  {
    name: 'E2E_PING_INTERVAL_MS',
    kind: 'int',
    range: TIMER,
    default: '15000',
    doc: 'Interval at which the target states it pings clients.',
  },
  {
    name: 'E2E_IDLE_LIMIT_MS',
    kind: 'int',
    range: TIMER,
    default: '30000',
    doc: 'Time after which the target states it closes a client that does not answer pings.',
  },
  // ws reads the limit as a 32-bit integer: 1 GiB is the most it can hold safely, and 0 would mean no limit at all.
  {
    name: 'E2E_MAX_PAYLOAD_BYTES',
    kind: 'int',
    range: [1024, 1_073_741_824],
    default: '16777216',
    doc: 'Largest message the harness takes from the target; a bigger one closes the connection with 1009 and fails the test that owns it, naming its size.',
  },
  // Reconnect (RFC 6455 §7.2.3: a random first delay, then truncated exponential backoff)
  {
    name: 'E2E_RECONNECT_INITIAL_MS',
    kind: 'int',
    range: TIMER,
    default: '1000',
    doc: 'Upper bound of the random first reconnect delay; later delays double from it.',
  },
  { name: 'E2E_RECONNECT_MAX_MS', kind: 'int', range: TIMER, default: '10000', doc: 'Cap on any one reconnect delay.' },
  {
    name: 'E2E_RECONNECT_WITHIN_MS',
    kind: 'int',
    range: TIMER,
    default: '30000',
    doc: 'A client that has not got a connection that holds within this long gives up.',
  },
  // Deployment
  {
    name: 'E2E_EXPECT_VERSION',
    kind: 'string',
    doc: 'Version /health must report; a mismatch stops the run (stale build).',
  },
  { name: 'E2E_EXPECT_COMMIT', kind: 'string', doc: 'Commit /health must report; a mismatch stops the run.' },
  {
    name: 'E2E_PREFLIGHT',
    kind: 'bool',
    default: 'true',
    doc: 'Check DNS, TCP, TLS, /health, /health/websocket, one bare upgrade and one valid token over each transport before any suite; a failure stops the run (exit 2) with one diagnosis, a transport that disagrees blocks the checks that use it.',
  },
  // Load
  {
    name: 'E2E_LOAD_USERS',
    kind: 'int',
    range: [1, 10_000_000],
    default: '200',
    doc: 'Virtual users in the fixed-concurrency load run.',
  },
  {
    name: 'E2E_LOAD_CONCURRENCY',
    kind: 'int',
    range: [1, 1_000_000],
    default: '50',
    doc: 'Virtual users in flight at once.',
  },
  { name: 'E2E_LOAD_RATE', kind: 'number', default: '100', doc: 'Arrivals per second in the open-loop load run.' },
  { name: 'E2E_LOAD_DURATION_S', kind: 'number', default: '3', doc: 'Length of the open-loop load run.' },
  {
    name: 'E2E_LOAD_MAX_S',
    kind: 'number',
    range: [0.001, 86_400],
    default: '60',
    doc: 'Wall-clock bound on any load run.',
  },
  {
    name: 'E2E_LOAD_SOURCE_ADDRESSES',
    kind: 'int',
    range: [1, 254],
    default: '1',
    doc: 'Loopback source addresses (127.0.0.x) to spread load connections over.',
  },
  {
    name: 'E2E_LOAD_PROGRESS',
    kind: 'bool',
    default: 'false',
    doc: 'Print live load progress (off in CI unless set).',
  },
  {
    name: 'E2E_LOAD_WORKERS',
    kind: 'int',
    range: [1, 64],
    default: '1',
    doc: 'Processes to spread each load run over (each has its own event loop and fd limit); 1 runs it in the test process.',
  },
  {
    name: 'E2E_LOAD_KEEP_SAMPLES',
    kind: 'bool',
    default: 'false',
    doc: 'Also write every raw latency sample into the shard files, to audit a merge (large).',
  },
  {
    name: 'E2E_LOAD_THRESHOLDS',
    kind: 'enum',
    values: ['calibrated', 'absolute'],
    doc: 'calibrated (default on the local and docker targets): the golden path alone must meet the latency figures below, and under load no latency may exceed what serving every user in flight one after another costs on this machine, measured in the same run; absolute (default on remote): the figures below as written, an SLO.',
  },
  {
    name: 'E2E_MIN_SUCCESS_RATE',
    kind: 'fraction',
    default: '0.99',
    doc: 'Least fraction of load connections that must complete a golden path.',
  },
  {
    name: 'E2E_MAX_MEAN_HANDSHAKE_MS',
    kind: 'number',
    default: '500',
    doc: 'Largest allowed mean handshake time under load.',
  },
  {
    name: 'E2E_MAX_P95_HANDSHAKE_MS',
    kind: 'number',
    default: '1000',
    doc: 'Largest allowed p95 handshake time under load.',
  },
  {
    name: 'E2E_MAX_P95_COMPLETION_MS',
    kind: 'number',
    default: '3000',
    doc: 'Largest allowed p95 time to agent_completed under load.',
  },
  {
    name: 'E2E_MAX_1011_RATE',
    kind: 'fraction',
    default: '0',
    doc: 'Largest allowed fraction of load connections closed with 1011.',
  },
  // Runs and reports
  {
    name: 'E2E_SHARD',
    kind: 'shard',
    doc: 'i/n: run shard i of n (functional suites split by file, load split by users).',
  },
  {
    name: 'E2E_REPORT_DIR',
    kind: 'string',
    default: 'reports',
    doc: 'Where JUnit, summary.json and index.html are written.',
  },
  {
    name: 'E2E_BASELINE',
    kind: 'string',
    doc: "summary.json of an earlier run (the last good one, last night's artifact) to compare this run with: the report, the terminal and the step summary list new failures, fixed ones and load figures that moved beyond their noise. Same as golden-path run --baseline.",
  },
  { name: 'E2E_VERBOSE', kind: 'bool', default: 'false', doc: 'Print every timeline, not only those of failures.' },
  // Reference stack (local target): passed through to the child processes
  { name: 'REF_FAULTS', kind: 'string', doc: 'Faults the local reference stack runs with (see README, "Faults").' },
  {
    name: 'REF_DIALECT',
    kind: 'string',
    doc: 'Healthy variants of the local reference backend, comma-separated (see README, "Dialects").',
  },
  {
    name: 'REF_PROXY',
    kind: 'string',
    doc: 'A reverse proxy in front of the local reference backend: pass, strip_auth, strip_protocol, no_upgrade, idle_cut:<ms>, buffer_frames:<ms>.',
  },
  {
    name: 'REF_ADMIN_SECRET',
    kind: 'string',
    doc: "Test only: turns on the local reference stack's admin endpoint (loopback, under this secret path), through which the harness switches the stack's faults at run time; the fault matrix runs many rows on one stack with it. At least 16 characters; kept out of every report.",
  },
] as const satisfies readonly VariableSpec[];

export type VariableName = (typeof VARIABLES)[number]['name'];
type SpecOf<N extends VariableName> = Extract<(typeof VARIABLES)[number], { name: N }>;
type Parsed<S extends VariableSpec> = S extends { values: readonly (infer V)[] } ? V : KindValues[S['kind']];

/** The parsed value of variable N: undefined only when it is unset and has no default. */
export type VariableValue<N extends VariableName> =
  Parsed<SpecOf<N>> | (SpecOf<N> extends { default: string } ? never : undefined);

/** Every variable of the table, parsed (see load-config.ts). */
export type Variables = { readonly [N in VariableName]: VariableValue<N> };

export const VARIABLE_NAMES: ReadonlySet<string> = new Set<string>(VARIABLES.map((v) => v.name));
