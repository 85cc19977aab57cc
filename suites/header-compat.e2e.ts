import { describe, expect, test, type Contract, type E2eConfig } from '../framework/index.ts';
import {
  blockerOf,
  Opcode,
  TOKEN_CASES,
  TOKEN_CASE_LABEL,
  browserGoldenPath,
  judgeAccepted,
  judgeBrowserRefused,
  judgeBrowserSession,
  judgeMalformedHandshake,
  judgeCredentialRefused,
  judgeSelection,
  judgeStreamAccepted,
  judgeStreamRefused,
  summarizeAttempt,
  summarizeStream,
  tokenForCase,
  type HandshakeAnswer,
  type Judgement,
} from '../framework/protocol.ts';

/** Rows that print as their name in a title: `%s` uses a row's toString, where `$name` would quote the name. */
function named<Row extends { name: string }>(rows: readonly Row[]): (Row & { toString(): string })[] {
  return rows.map((row) => ({ ...row, toString: () => row.name }));
}

function timeoutsOf(config: E2eConfig) {
  return {
    handshakeTimeoutMs: config.timeouts.handshakeMs,
    eventTimeoutMs: config.timeouts.eventMs,
    runTimeoutMs: config.timeouts.runMs,
  };
}

/** A 101 whose connection then sends the ready event: what a header-variant check waits for. */
async function readyAfter(answer: HandshakeAnswer, contract: Contract, timeoutMs: number): Promise<boolean> {
  if (answer.kind !== 'upgraded' || contract.readyEvent === undefined) return false;
  const isReady = (text: string) => contract.decode(text)?.type === contract.readyEvent;
  return answer.connection
    .waitForFrame((f) => f.opcode === Opcode.text && isReady(f.payload.toString('utf8')), { timeoutMs })
    .then(
      () => true,
      () => false,
    );
}

/**
 * What shows a connection is served: the ready event, or for a contract without one (AG-UI) the
 * start of a run the check sends (`proveReady`).
 */
function readyProof(contract: Contract): string {
  return contract.readyEvent ?? `${contract.startEvent} for a first message`;
}

/**
 * A browser carries its token in a subprotocol entry beside the chat protocol; with no chat protocol
 * (AG-UI), the entry is offered alone, and a server that selects none fails the browser's handshake.
 */
const NO_CHAT_PROTOCOL =
  'the contract has no subprotocol: a browser offering only the token entry needs the server to echo that ' +
  'entry, which RFC 6455 allows but no protocol asks of it; such a page carries its token another way ' +
  '(a cookie or ?token=)';

/** What a browser with a valid token in the subprotocol entry must get. */
function goldenPathExpected(contract: Contract): string {
  return `101 with ${contract.subprotocol ?? 'no protocol'}, ${contract.readyEvent}, then a complete golden path`;
}

/** A failed judgement's observation and evidence, to fail its check under a finding that names the cause. */
function observationOf(judged: Extract<Judgement, { ok: false }>) {
  const { ok, finding, message, ...observation } = judged;
  return observation;
}

const REFUSED_401 = 'HTTP 401 before the upgrade (never 101, not even 101-then-close)';
const STREAM_REFUSED_401 = 'HTTP 401 before any event (never an event stream)';
const REFUSED_403 = 'HTTP 403 before the upgrade';
const NO_ORIGIN_ALLOWLIST = 'E2E_ORIGIN_CHECK=off: the env file states the target has no Origin allowlist';
const SSE_HAS_NO_WEBSOCKET = 'E2E_TRANSPORT=sse sends each message as a POST answered with an event stream';
const NO_SUBPROTOCOL_OVER_HTTP = `${SSE_HAS_NO_WEBSOCKET}: there is no Sec-WebSocket-Protocol to carry a token`;

/** Connection options that carry a token (or none): `token` is always given, so no default token is added. */
interface Carried {
  token: string | undefined;
  auth?: 'header' | 'subprotocol' | 'query';
  subprotocols?: string[];
}

/** One way a client carries its token to the backend. */
interface Transport {
  id: string;
  label: string;
  /** Where the token travels, as the preflight's blockers name it. */
  mode: 'header' | 'subprotocol' | 'query';
  /** Off unless the target lists the mode in auth_modes: a valid token is judged only where it does. */
  optIn: boolean;
  /** The connection options that carry `token` this way (no token at all when it is undefined). */
  carry(token: string | undefined, contract: Contract): Carried;
}

/** A credential header written in some case: it must be read all the same (RFC 9110 §5.1, §11.1). */
interface CaseVariant {
  name: string;
  id: string;
  header: string;
  transport: 'header' | 'subprotocol';
  value(token: string, contract: Contract): string;
}

/** An offer of Sec-WebSocket-Protocol and what the server must select from it (RFC 6455 §4.1, §4.2.2). */
interface SelectionRule {
  name: string;
  id: string;
  expectation: string;
  /** The protocols offered, in order. */
  offer(chat: string, entry: string): string[];
  /** The token travels in the offered entry; otherwise in the Authorization header. */
  tokenInEntry: boolean;
  /** The offer holds the chat protocol or a token entry: moot where the contract has no subprotocol. */
  usesChat: boolean;
  /** The chat protocol must be selected; otherwise none. */
  selectsChat: boolean;
  /** Refusals that satisfy the rule too. */
  refusals: number[];
}

/** A handshake with an Origin header: only the allowlisted origin may open a connection. */
interface OriginCase {
  name: string;
  id: string;
  origin(allowed: URL): string;
  accepted: boolean;
}

type Refused = Extract<HandshakeAnswer, { kind: 'refused' }>;

/** An opening handshake broken in one way, and the refusals that answer it properly. */
interface MalformedHandshake {
  name: string;
  id: string;
  /** What is wrong with it, for the finding. */
  request: string;
  expectation: string;
  method?: string;
  changes: Record<string, string | undefined>;
  statuses: (number | '4xx')[];
  /** An extra requirement on the refusal; returns the problem, if any. */
  require?: (answer: Refused) => string | undefined;
}

/** RFC 6455 §4.4: a refusal of an unsupported version names the version the server speaks. */
function namesVersion13(answer: Refused): string | undefined {
  const versions = (answer.head.headers.get('sec-websocket-version') ?? []).join(', ');
  if (versions.split(/,\s*/).includes('13')) return undefined;
  return `the answer lacks Sec-WebSocket-Version: 13 (got "${versions}"), RFC 6455 §4.4`;
}

describe('header and subprotocol compatibility', () => {
  describe('auth matrix: transport × token; valid → 101 and ready, invalid → HTTP 401 before the upgrade', () => {
    const transports: Transport[] = [
      {
        id: 'header',
        label: 'the Authorization header',
        mode: 'header',
        optIn: false,
        carry: (token) => ({ token, auth: 'header' }),
      },
      {
        id: 'subprotocol-after',
        label: 'a jwt.* subprotocol entry after the chat protocol',
        mode: 'subprotocol',
        optIn: false,
        carry: (token) => ({ token, auth: 'subprotocol' }),
      },
      {
        id: 'subprotocol-before',
        label: 'a jwt.* subprotocol entry before the chat protocol',
        mode: 'subprotocol',
        optIn: false,
        // The client writes the whole offer itself, the token entry first.
        carry: (token, contract) => {
          const chat = contract.subprotocol ? [contract.subprotocol] : [];
          return { token: undefined, subprotocols: token ? [contract.tokenSubprotocol(token), ...chat] : chat };
        },
      },
      {
        id: 'query',
        label: 'the ?token= query parameter',
        mode: 'query',
        optIn: true,
        carry: (token) => ({ token, auth: 'query' }),
      },
    ];

    const cells = named(
      transports.flatMap((transport) =>
        TOKEN_CASES.map((kind) => {
          const name = `${transport.id} × ${kind}`;
          return { name, transport, kind, accepted: kind === 'valid' };
        }),
      ),
    );

    test.for(cells)(
      'auth matrix %s',
      async (
        { name, transport, kind, accepted },
        { connect, chat, contract, auth, config, facts, checks, blockers },
      ) => {
        const sse = config.transport === 'sse';
        const check = checks.begin({
          id: `header-compat/auth/${transport.id}/${kind}`,
          description: `${TOKEN_CASE_LABEL[kind]} in ${transport.label}`,
          expectation: sse
            ? accepted
              ? `HTTP 200 and an event stream, then ${contract.startEvent}`
              : STREAM_REFUSED_401
            : accepted
              ? `101, then ${readyProof(contract)} for the token's user`
              : REFUSED_401,
        });
        if (sse && transport.mode === 'subprotocol') return check.notApplicable(NO_SUBPROTOCOL_OVER_HTTP);
        if (accepted && transport.optIn && !facts.authModes?.includes(transport.mode)) {
          const listed = facts.unavailable ?? `it lists ${facts.authModes?.join(', ') ?? 'nothing'}`;
          return check.notApplicable(
            `the target does not list "${transport.mode}" in auth_modes of /health/websocket (${listed}); ` +
              `${transport.label} is off, as it should be unless needed`,
          );
        }
        if (transport.mode === 'subprotocol' && !contract.subprotocol)
          return check.notApplicable('the contract has no subprotocol to put the token entry beside');
        const { issuer, audience } = config;
        const minted = await tokenForCase(kind, { auth, issuer, audience, timeoutMs: config.timeouts.handshakeMs });
        if ('notApplicable' in minted) return check.notApplicable(minted.notApplicable);
        const presentedTo = { token: TOKEN_CASE_LABEL[kind], transport: transport.label };
        if (sse) {
          // The preflight's blockers are the WebSocket upgrade's; a run's POST is its own handshake.
          const client = await chat({ ...transport.carry(minted.token, contract), label: name });
          const run = await client.runToCompletion(contract.prompts.simple);
          const seen = summarizeStream(client, run);
          const presented = { ...presentedTo, evidence: client.timeline.render() };
          return void check.record(
            accepted
              ? judgeStreamAccepted(seen, { ...presented, startEvent: contract.startEvent })
              : judgeStreamRefused(seen, presented),
          );
        }
        // A token that cannot reach the backend over this transport proves nothing, accepted or refused;
        // with no token at all, a refusal is a real answer.
        const sent = minted.token === undefined ? undefined : transport.mode;
        const blocker = blockerOf(blockers, { transport: sent, offersChat: true });
        if (blocker) return check.blockedBy(blocker);

        const carried = transport.carry(minted.token, contract);
        const attempt = await connect.attempt({ ...carried, label: name, proveReady: accepted });
        const summary = summarizeAttempt(attempt);
        const presented = { ...presentedTo, evidence: attempt.client.timeline.render() };
        if (!accepted) return void check.record(judgeCredentialRefused(summary, presented));
        const greeted = {
          readyEvent: readyProof(contract),
          subject: minted.subject,
          userId: attempt.client.ready?.userId,
        };
        check.record(judgeAccepted(summary, { ...presented, ...greeted }));
      },
    );
  });

  describe('header names and the Bearer scheme in any case (RFC 9110 §5.1, §11.1)', () => {
    const variants = named<CaseVariant>([
      {
        name: 'authorization: bearer …',
        id: 'authorization-bearer',
        header: 'authorization',
        transport: 'header',
        value: (token) => `bearer ${token}`,
      },
      {
        name: 'AUTHORIZATION: Bearer …',
        id: 'AUTHORIZATION-Bearer',
        header: 'AUTHORIZATION',
        transport: 'header',
        value: (token) => `Bearer ${token}`,
      },
      {
        name: 'aUtHoRiZaTiOn: BEARER …',
        id: 'aUtHoRiZaTiOn-BEARER',
        header: 'aUtHoRiZaTiOn',
        transport: 'header',
        value: (token) => `BEARER ${token}`,
      },
      {
        name: 'sec-websocket-protocol: <chat>, jwt.… (lower-case name)',
        id: 'sec-websocket-protocol',
        header: 'sec-websocket-protocol',
        transport: 'subprotocol',
        value: (token, contract) => `${contract.subprotocol}, ${contract.tokenSubprotocol(token)}`,
      },
    ]);

    test.for(variants)(
      '%s → 101',
      async ({ name, id, header, transport, value }, { raw, chat, auth, contract, config, checks, blockers }) => {
        const sse = config.transport === 'sse';
        const accepted = sse ? `HTTP 200 and ${contract.startEvent}` : '101';
        const check = checks.begin({
          id: `header-compat/header-case/${id}`,
          description: name,
          expectation: `${accepted}: the credential is read whatever the case of the header name and scheme`,
        });
        if (transport === 'subprotocol' && sse) return check.notApplicable(NO_SUBPROTOCOL_OVER_HTTP);
        if (transport === 'subprotocol' && !contract.subprotocol)
          return check.notApplicable('the contract has no subprotocol');
        if (sse) {
          const token = await check.step(auth.token(0));
          const client = await chat({
            token,
            auth: 'none',
            headers: { [header]: value(token, contract) },
            label: name,
          });
          const run = await client.runToCompletion(contract.prompts.simple);
          const presented = { token: 'a valid token', transport: `"${name}"`, evidence: client.timeline.render() };
          const judged = judgeStreamAccepted(summarizeStream(client, run), {
            ...presented,
            startEvent: contract.startEvent,
          });
          if (judged.ok || judged.finding !== 'valid_token_refused') return void check.record(judged);
          return void check.fail('header_case_sensitive', {
            ...observationOf(judged),
            message: `the server did not accept "${name}" (${judged.observed})`,
          });
        }
        const blocker = blockerOf(blockers, { transport, offersChat: contract.subprotocol !== undefined });
        if (blocker) return check.blockedBy(blocker);
        const token = await check.step(auth.token(0));
        const changes = [[header, value(token, contract)]] satisfies [string, string][];
        const answer = await raw.handshake({ token, auth: 'none', changes, label: name });
        // 101 is the verdict: the credential was read. The ready event only adds to the record.
        if (answer.kind === 'upgraded') {
          const ready = await readyAfter(answer, contract, config.timeouts.eventMs);
          const then = ready ? `, ${contract.readyEvent}` : ` (no ${contract.readyEvent})`;
          return void check.pass({ observed: `101${then}`, httpStatus: 101 });
        }
        const refusal =
          answer.kind === 'refused'
            ? { observed: `HTTP ${answer.head.status}: ${answer.body.slice(0, 120)}`, httpStatus: answer.head.status }
            : { observed: answer.detail };
        // Case is to blame only if the same credential in canonical form gets through.
        const canonical = await raw.handshake({ token, auth: transport, label: `${name} (canonical)` });
        if (canonical.kind !== 'upgraded') {
          const how = canonical.kind === 'refused' ? `HTTP ${canonical.head.status}` : canonical.detail;
          const notTheCase = `so the case of "${name}" is not what fails`;
          const cause = 'the credential does not reach the backend or is not accepted there';
          return check.fail('valid_token_refused', {
            message: `a valid token was refused in canonical form too (${how}), ${notTheCase}: ${cause}`,
            ...refusal,
            evidence: canonical.timeline,
          });
        }
        const how = answer.kind === 'refused' ? `HTTP ${answer.head.status}` : 'no answer';
        check.fail('header_case_sensitive', {
          message: `the server did not accept "${name}" (${how}), and took the same credential in canonical form`,
          ...refusal,
          evidence: answer.timeline,
        });
      },
    );
  });

  describe('subprotocol negotiation (RFC 6455 §4.1, §4.2.2)', () => {
    const UNKNOWN_PROTOCOL = 'golden_path.unknown.v9';

    const rules = named<SelectionRule>([
      {
        name: 'offered the chat protocol → echoed exactly once',
        id: 'chat-only',
        expectation: 'echoed exactly once',
        offer: (chat) => [chat],
        tokenInEntry: false,
        usesChat: true,
        selectsChat: true,
        refusals: [],
      },
      {
        name: 'token entry after the chat protocol → the chat protocol selected, the token entry never echoed',
        id: 'token-after',
        expectation: 'the chat protocol selected, the token entry never echoed',
        offer: (chat, entry) => [chat, entry],
        tokenInEntry: true,
        usesChat: true,
        selectsChat: true,
        refusals: [],
      },
      {
        name: 'token entry before the chat protocol → the chat protocol selected, the token entry never echoed',
        id: 'token-before',
        expectation: 'the chat protocol selected, the token entry never echoed',
        offer: (chat, entry) => [entry, chat],
        tokenInEntry: true,
        usesChat: true,
        selectsChat: true,
        refusals: [],
      },
      {
        name: 'only the token entry → nothing selected, the token entry never echoed',
        id: 'token-only',
        expectation: 'nothing selected, the token entry never echoed',
        offer: (_chat, entry) => [entry],
        tokenInEntry: true,
        usesChat: true,
        selectsChat: false,
        refusals: [400],
      },
      {
        name: 'only an unknown protocol → nothing selected (or 400), never an invented one',
        id: 'unknown-only',
        expectation: 'nothing selected (or 400), never an invented one',
        offer: () => [UNKNOWN_PROTOCOL],
        tokenInEntry: false,
        usesChat: false,
        selectsChat: false,
        refusals: [400],
      },
      {
        name: 'nothing offered → accepted without a protocol',
        id: 'nothing',
        expectation: 'accepted without a protocol',
        offer: () => [],
        tokenInEntry: false,
        usesChat: false,
        selectsChat: false,
        refusals: [],
      },
    ]);

    test.for(rules)('subprotocol: %s', async (rule, { raw, auth, contract, checks, blockers }) => {
      const check = checks.begin({
        id: `header-compat/subprotocol/${rule.id}`,
        description: rule.name,
        expectation: rule.expectation,
      });
      const chat = contract.subprotocol;
      if (rule.usesChat && !chat) return check.notApplicable('the contract has no subprotocol');
      const transport = rule.tokenInEntry ? 'subprotocol' : 'header';
      const blocker = blockerOf(blockers, { transport, offersChat: rule.usesChat });
      if (blocker) return check.blockedBy(blocker);
      const token = await check.step(auth.token(0));
      const entry = contract.tokenSubprotocol(token);
      const offered = rule.offer(chat ?? '', entry);
      const answer = await raw.handshake({
        token,
        auth: rule.tokenInEntry ? 'none' : 'header',
        subprotocols: offered,
        label: rule.id,
      });
      const expected = rule.selectsChat ? chat : undefined;
      check.record(judgeSelection(answer, { offered, expect: expected, tokenEntry: entry, refusals: rule.refusals }));
    });
  });

  test('a browser-style client (WHATWG WebSocket, no custom headers): subprotocol auth, then the golden path', async ({
    target,
    auth,
    contract,
    config,
    checks,
    blockers,
  }) => {
    const check = checks.begin({
      id: 'header-compat/browser-client',
      description: 'undici WebSocket with the token only in the subprotocol entry',
      expectation: goldenPathExpected(contract),
    });
    if (config.transport === 'sse') return check.notApplicable(`a WebSocket client; ${SSE_HAS_NO_WEBSOCKET}`);
    if (!contract.subprotocol) return check.notApplicable(NO_CHAT_PROTOCOL);
    const blocker = blockerOf(blockers, { transport: 'subprotocol', offersChat: contract.subprotocol !== undefined });
    if (blocker) return check.blockedBy(blocker);
    const token = await check.step(auth.token(0));
    const session = await browserGoldenPath({
      url: target.wsUrl,
      token,
      contract,
      label: 'browser',
      ...timeoutsOf(config),
    });
    check.record(
      judgeBrowserSession(session, {
        protocol: contract.subprotocol ?? '',
        readyEvent: contract.readyEvent,
        tokenEntry: contract.tokenSubprotocol(token),
      }),
    );
    expect(session.run).toCompleteGoldenPath();
  });

  // Browsers cannot set headers: the jwt.* entry is how a page carries its token,
  // and the Origin is the browser's to send.
  describe('a real browser: a page in headless Chromium', () => {
    test('browser: a page at the allowed Origin opens the WebSocket by the jwt.* entry, runs the golden path', async ({
      browser,
      target,
      auth,
      contract,
      config,
      checks,
      blockers,
    }) => {
      const check = checks.begin({
        id: 'header-compat/chromium/allowed-origin',
        description: `a page at ${config.allowedOrigin} in headless Chromium, the token only in the subprotocol entry`,
        expectation: goldenPathExpected(contract),
      });
      if (!contract.subprotocol) return check.notApplicable(NO_CHAT_PROTOCOL);
      const blocker = blockerOf(blockers, { transport: 'subprotocol', offersChat: contract.subprotocol !== undefined });
      if (blocker) return check.blockedBy(blocker);
      const token = await check.step(auth.token(0));
      const chromium = await check.step(browser.page(config.allowedOrigin, target.wsUrl));
      const session = await browserGoldenPath({
        url: target.wsUrl,
        token,
        contract,
        client: chromium,
        label: 'chromium',
        ...timeoutsOf(config),
      });
      check.record(
        judgeBrowserSession(session, {
          protocol: contract.subprotocol ?? '',
          readyEvent: contract.readyEvent,
          tokenEntry: contract.tokenSubprotocol(token),
        }),
      );
      expect(session.run).toCompleteGoldenPath();
    });

    test('browser: a page at another Origin is refused (HTTP 403), even with a valid token', async ({
      browser,
      target,
      auth,
      contract,
      config,
      checks,
    }) => {
      const origin = 'https://evil.example';
      const check = checks.begin({
        id: 'header-compat/chromium/foreign-origin',
        description: `a page at ${origin} in headless Chromium, with a valid token in the subprotocol entry`,
        expectation: REFUSED_403,
      });
      if (!config.originCheck) {
        return check.notApplicable(
          `${NO_ORIGIN_ALLOWLIST}; a page from another site was not checked for cross-site WebSocket hijacking`,
        );
      }
      const token = await check.step(auth.token(0));
      const chromium = await check.step(browser.page(origin, target.wsUrl));
      const session = await browserGoldenPath({
        url: target.wsUrl,
        token,
        contract,
        client: chromium,
        label: 'chromium-foreign',
        ...timeoutsOf(config),
      });
      check.record(judgeBrowserRefused(session, { origin, readyEvent: contract.readyEvent }));
    });
  });

  describe('Origin allowlist', () => {
    const origins = named<OriginCase>([
      {
        name: 'the allowlisted origin → accepted',
        id: 'allowed',
        origin: (allowed) => allowed.origin,
        accepted: true,
      },
      { name: 'https://evil.example → 403', id: 'evil', origin: () => 'https://evil.example', accepted: false },
      { name: '"null" (a sandboxed page or file://) → 403', id: 'null', origin: () => 'null', accepted: false },
      {
        name: 'the allowed origin with an attacker suffix → 403',
        id: 'suffix',
        origin: (allowed) => `${allowed.origin}.evil.example`,
        accepted: false,
      },
      {
        name: 'a host that merely ends with the allowed host → 403',
        id: 'lookalike',
        origin: (allowed) => `${allowed.protocol}//evil${allowed.host}`,
        accepted: false,
      },
    ]);

    test.for(origins)('Origin: %s', async (row, { connect, config, contract, checks }) => {
      const origin = row.origin(new URL(config.allowedOrigin));
      const check = checks.begin({
        id: `header-compat/origin/${row.id}`,
        description: `Origin: ${origin}`,
        expectation: row.accepted ? `101, then ${readyProof(contract)}` : REFUSED_403,
      });
      if (!config.originCheck)
        return check.notApplicable(`${NO_ORIGIN_ALLOWLIST}; it was not checked for cross-site WebSocket hijacking`);
      const attempt = await check.step(
        connect.attempt({ origin, label: `origin-${row.id}`, proveReady: row.accepted }),
      );
      const presented = {
        token: 'a valid token',
        transport: `a handshake with Origin ${origin}`,
        evidence: attempt.client.timeline.render(),
      };
      const summary = summarizeAttempt(attempt);
      if (row.accepted)
        return void check.record(judgeAccepted(summary, { ...presented, readyEvent: readyProof(contract) }));
      const judged = judgeCredentialRefused(summary, { ...presented, statuses: [403] });
      if (judged.ok) return void check.record(judged);
      // A 101 for a foreign Origin is the missing allowlist, whatever followed it.
      check.fail(summary.upgraded ? 'origin_not_checked' : judged.finding, {
        ...observationOf(judged),
        message: `Origin ${origin} must be refused with HTTP 403: ${judged.message}`,
      });
    });
  });

  describe('malformed handshakes over raw TCP: a prompt 4xx, never 5xx, never a hang', () => {
    const malformed = named<MalformedHandshake>([
      {
        name: 'missing Sec-WebSocket-Key → 400',
        id: 'no-key',
        request: 'a handshake with missing Sec-WebSocket-Key',
        expectation: '400',
        changes: { 'Sec-WebSocket-Key': undefined },
        statuses: [400],
      },
      {
        name: 'Sec-WebSocket-Version: 8 → 426 (or 400) with Sec-WebSocket-Version: 13',
        id: 'version-8',
        request: 'a handshake with Sec-WebSocket-Version: 8',
        expectation: '426 (or 400) with Sec-WebSocket-Version: 13',
        changes: { 'Sec-WebSocket-Version': '8' },
        statuses: [426, 400],
        require: namesVersion13,
      },
      {
        name: 'POST instead of GET → 4xx',
        id: 'post',
        request: 'a handshake with POST instead of GET',
        expectation: '4xx',
        method: 'POST',
        changes: {},
        statuses: ['4xx'],
      },
      {
        name: 'no Upgrade header (a proxy that stripped it) → 4xx',
        id: 'no-upgrade',
        request: 'a handshake with no Upgrade header (a proxy that stripped it)',
        expectation: '4xx',
        changes: { Upgrade: undefined },
        statuses: ['4xx'],
      },
    ]);

    test.for(malformed)('handshake: %s', async (row, { raw, auth, checks }) => {
      const check = checks.begin({
        id: `header-compat/handshake/${row.id}`,
        description: row.name,
        expectation: row.expectation,
      });
      const token = await check.step(auth.token(0));
      const { method, changes, request, statuses, require } = row;
      const answer = await raw.handshake({ token, auth: 'header', label: row.id, method, changes });
      check.record(judgeMalformedHandshake(answer, { request, statuses, require }));
    });
  });

  describe('test-bypass header', () => {
    test('the bypass header does not let an unauthenticated client in outside test mode', async ({
      connect,
      config,
      facts,
      checks,
    }) => {
      const check = checks.begin({
        id: 'header-compat/bypass-header',
        description: `${config.bypassHeader} without a token`,
        expectation: 'HTTP 401 before the upgrade unless the env declares test mode',
      });
      if (config.testMode)
        return check.notApplicable(
          'the env declares test mode (E2E_TEST_MODE=true), where the bypass header may be honoured',
        );
      // Without the header first: a target that lets anyone in has a worse problem than the bypass.
      // Both are judged like any missing token: a 101 closed (1008) before the ready event is a late
      // refusal, not a way in.
      const plain = await connect.attempt({ token: undefined, label: 'no-token' });
      const bare = judgeCredentialRefused(summarizeAttempt(plain), {
        token: 'no token',
        transport: 'a handshake with no credential at all',
        evidence: plain.client.timeline.render(),
        statuses: [401, 403],
      });
      if (!bare.ok && bare.finding === 'invalid_token_accepted') {
        const either = `with or without ${config.bypassHeader}`;
        return check.fail('unauthenticated_accepted', {
          ...observationOf(bare),
          message: `a handshake with no token at all was let in (${bare.observed}), ${either}`,
        });
      }
      const attempt = await connect.attempt({
        token: undefined,
        headers: { [config.bypassHeader]: 'user_bypass_probe' },
        label: 'bypass',
      });
      const judged = judgeCredentialRefused(summarizeAttempt(attempt), {
        token: 'no token',
        transport: `a handshake with only ${config.bypassHeader}`,
        evidence: attempt.client.timeline.render(),
        statuses: [401, 403],
      });
      if (judged.ok || judged.finding !== 'invalid_token_accepted') return void check.record(judged);
      const outside = 'let an unauthenticated client in outside test mode';
      // A target that states it runs in test mode honours the header by design: the deployment is the cause.
      if (facts.testMode === true) {
        const stated = 'the target states test_mode: true in /health/websocket';
        return check.fail('test_mode_on', {
          ...observationOf(judged),
          message: `the test-bypass header ${config.bypassHeader} ${outside}: ${stated}`,
        });
      }
      check.fail('bypass_honoured', {
        ...observationOf(judged),
        message: `the test-bypass header ${config.bypassHeader} ${outside} (${judged.observed})`,
      });
    });

    test('the target does not declare test mode when the env says it must not', async ({ config, facts, checks }) => {
      const check = checks.begin({
        id: 'header-compat/test-mode',
        description: 'test_mode in /health/websocket',
        expectation: `test_mode is ${config.testMode} (E2E_TEST_MODE)`,
      });
      if (facts.testMode === undefined)
        return check.notApplicable(facts.unavailable ?? 'the target does not state test_mode in /health/websocket');
      const observed = `test_mode: ${facts.testMode}`;
      if (facts.testMode && !config.testMode) {
        return check.fail('test_mode_on', {
          message: 'the target states test_mode: true in /health/websocket, but E2E_TEST_MODE=false says it must not',
          observed,
        });
      }
      check.pass(observed);
    });
  });
});
