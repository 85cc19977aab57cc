import {
  blockerOf,
  Opcode,
  TOKEN_CASES,
  TOKEN_CASE_LABEL,
  browserGoldenPath,
  describe,
  expect,
  failed,
  judgeAccepted,
  judgeBrowserRefused,
  judgeBrowserSession,
  judgeMalformedHandshake,
  judgeCredentialRefused,
  judgeSelection,
  passed,
  summarizeAttempt,
  test,
  tokenForCase,
  type Contract,
  type E2eConfig,
  type HandshakeAnswer,
  type Judgement,
} from '../framework/index.ts';

type Transport = 'header' | 'subprotocol-after' | 'subprotocol-before' | 'query';
const TRANSPORT_LABEL: Record<Transport, string> = {
  header: 'the Authorization header',
  'subprotocol-after': 'a jwt.* subprotocol entry after the chat protocol',
  'subprotocol-before': 'a jwt.* subprotocol entry before the chat protocol',
  query: 'the ?token= query parameter',
};

/** How a client carries `token` over one transport (none at all when it is undefined). */
function carry(transport: Transport, token: string | undefined, contract: Contract) {
  const chat = contract.subprotocol ? [contract.subprotocol] : [];
  if (transport === 'subprotocol-before')
    return { token: undefined, subprotocols: token ? [contract.tokenSubprotocol(token), ...chat] : chat };
  return {
    token,
    auth:
      transport === 'header'
        ? ('header' as const)
        : transport === 'query'
          ? ('query' as const)
          : ('subprotocol' as const),
  };
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
  if (answer.kind !== 'upgraded') return false;
  const isReady = (text: string) => contract.decode(text)?.type === contract.readyEvent;
  return answer.connection
    .waitForFrame((f) => f.opcode === Opcode.text && isReady(f.payload.toString('utf8')), { timeoutMs })
    .then(
      () => true,
      () => false,
    );
}

describe('header and subprotocol compatibility', () => {
  describe('auth matrix: every transport × every token; valid → 101 and ready, invalid → HTTP 401 before the upgrade', () => {
    const transports = Object.keys(TRANSPORT_LABEL) as Transport[];
    const cells = transports.flatMap((t) => TOKEN_CASES.map((k) => [`${t} × ${k}`, t, k] as const));

    test.for(cells)(
      'auth matrix %s',
      async ([name, transport, kind], { connect, contract, auth, config, facts, checks, blockers }) => {
        const valid = kind === 'valid';
        const check = checks.begin({
          id: `header-compat/auth/${transport}/${kind}`,
          description: `${TOKEN_CASE_LABEL[kind]} in ${TRANSPORT_LABEL[transport]}`,
          expectation: valid
            ? `101, then ${contract.readyEvent} for the token's user`
            : 'HTTP 401 before the upgrade (never 101, not even 101-then-close)',
        });
        if (valid && transport === 'query' && !facts.authModes?.includes('query')) {
          return check.notApplicable(
            `the target does not list "query" in auth_modes of /health/websocket (${facts.unavailable ?? `it lists ${facts.authModes?.join(', ') ?? 'nothing'}`}); ?token= is off, as it should be unless needed`,
          );
        }
        if (transport !== 'header' && transport !== 'query' && !contract.subprotocol)
          return check.notApplicable('the contract has no subprotocol to put the token entry beside');
        const { issuer, audience } = config;
        const minted = await tokenForCase(kind, { auth, issuer, audience, timeoutMs: config.timeouts.handshakeMs });
        if ('notApplicable' in minted) return check.notApplicable(minted.notApplicable);
        // A token that cannot reach the backend over this transport proves nothing, accepted or refused.
        const route = {
          transport: transport === 'header' || transport === 'query' ? transport : 'subprotocol',
          offersChat: true,
        } as const;
        const blocker = kind === 'missing' ? undefined : blockerOf(blockers, route);
        if (blocker) return check.blockedBy(blocker);

        const attempt = await connect.attempt({ ...carry(transport, minted.token, contract), label: name });
        const summary = summarizeAttempt(attempt);
        const presented = {
          token: TOKEN_CASE_LABEL[kind],
          transport: TRANSPORT_LABEL[transport],
          evidence: attempt.client.timeline.render(),
        };
        check.record(
          valid
            ? judgeAccepted(summary, {
                ...presented,
                readyEvent: contract.readyEvent,
                subject: minted.subject,
                userId: attempt.client.ready?.userId,
              })
            : judgeCredentialRefused(summary, presented),
        );
      },
    );
  });

  describe('header names and the Bearer scheme in any case (RFC 9110 §5.1, §11.1)', () => {
    const variants = [
      ['authorization: bearer …', 'authorization', 'bearer'],
      ['AUTHORIZATION: Bearer …', 'AUTHORIZATION', 'Bearer'],
      ['aUtHoRiZaTiOn: BEARER …', 'aUtHoRiZaTiOn', 'BEARER'],
      ['sec-websocket-protocol: <chat>, jwt.… (lower-case name)', 'sec-websocket-protocol', ''],
    ] as const;

    test.for(variants)('%s → 101', async ([title, name, scheme], { raw, auth, contract, config, checks, blockers }) => {
      const check = checks.begin({
        id: `header-compat/header-case/${name}${scheme ? `-${scheme}` : ''}`,
        description: title,
        expectation: '101: the credential is read whatever the case of the header name and scheme',
      });
      if (!scheme && !contract.subprotocol) return check.notApplicable('the contract has no subprotocol');
      const transport = scheme ? 'header' : 'subprotocol';
      const blocker = blockerOf(blockers, { transport, offersChat: contract.subprotocol !== undefined });
      if (blocker) return check.blockedBy(blocker);
      const token = await check.step(auth.token(0));
      const value = scheme ? `${scheme} ${token}` : `${contract.subprotocol}, ${contract.tokenSubprotocol(token)}`;
      const answer = await raw.handshake({ token, auth: 'none', changes: [[name, value]], label: title });
      // 101 is the verdict: the credential was read. The ready event only adds to the record.
      const ready = await readyAfter(answer, contract, config.timeouts.eventMs);
      if (answer.kind === 'upgraded')
        return void check.record(
          passed({
            observed: `101${ready ? `, ${contract.readyEvent}` : ` (no ${contract.readyEvent})`}`,
            httpStatus: 101,
          }),
        );
      const observed =
        answer.kind === 'refused' ? `HTTP ${answer.head.status}: ${answer.body.slice(0, 120)}` : answer.detail;
      // Case is to blame only if the same credential in canonical form gets through.
      const canonical = await raw.handshake({ token, auth: transport, label: `${title} (canonical)` });
      if (canonical.kind !== 'upgraded') {
        const how = canonical.kind === 'refused' ? `HTTP ${canonical.head.status}` : canonical.detail;
        const status = answer.kind === 'refused' ? { httpStatus: answer.head.status } : {};
        const message =
          `a valid token was refused in canonical form too (${how}), so the case of "${title}" is not what fails: ` +
          'the credential does not reach the backend or is not accepted there';
        return void check.record(
          failed('valid_token_refused', message, { observed, ...status }, canonical.timeline.render()),
        );
      }
      check.record(
        failed(
          'header_case_sensitive',
          `the server did not accept "${title}" (${answer.kind === 'refused' ? `HTTP ${answer.head.status}` : 'no answer'}): header names and the auth scheme are case-insensitive`,
          { observed, ...(answer.kind === 'refused' ? { httpStatus: answer.head.status } : {}) },
          answer.timeline.render(),
        ),
      );
    });
  });

  describe('subprotocol negotiation (RFC 6455 §4.1, §4.2.2)', () => {
    const UNKNOWN = 'golden_path.unknown.v9';
    const rules = [
      ['offered the chat protocol → echoed exactly once', 'chat-only'],
      ['token entry after the chat protocol → the chat protocol selected, the token entry never echoed', 'token-after'],
      [
        'token entry before the chat protocol → the chat protocol selected, the token entry never echoed',
        'token-before',
      ],
      ['only the token entry → nothing selected, the token entry never echoed', 'token-only'],
      ['only an unknown protocol → nothing selected (or 400), never an invented one', 'unknown-only'],
      ['nothing offered → accepted without a protocol', 'nothing'],
    ] as const;

    test.for(rules)('subprotocol: %s', async ([title, slug], { raw, auth, contract, checks, blockers }) => {
      const check = checks.begin({
        id: `header-compat/subprotocol/${slug}`,
        description: title,
        expectation: title.split('→ ')[1] ?? title,
      });
      const chat = contract.subprotocol;
      if (!chat && slug !== 'nothing' && slug !== 'unknown-only')
        return check.notApplicable('the contract has no subprotocol');
      const carriesEntry = slug.startsWith('token-');
      const route = {
        transport: carriesEntry ? 'subprotocol' : 'header',
        offersChat: slug === 'chat-only' || carriesEntry,
      } as const;
      const blocker = blockerOf(blockers, route);
      if (blocker) return check.blockedBy(blocker);
      const token = await check.step(auth.token(0));
      const entry = contract.tokenSubprotocol(token);
      const offered = {
        'chat-only': [chat!],
        'token-after': [chat!, entry],
        'token-before': [entry, chat!],
        'token-only': [entry],
        'unknown-only': [UNKNOWN],
        nothing: [],
      }[slug];
      const header = slug === 'chat-only' || slug === 'unknown-only' || slug === 'nothing';
      const answer = await raw.handshake({
        token,
        auth: header ? 'header' : 'none',
        subprotocols: offered,
        label: slug,
      });
      const expectChat = slug === 'chat-only' || slug === 'token-after' || slug === 'token-before';
      check.record(
        judgeSelection(answer, {
          offered,
          expect: expectChat ? chat : undefined,
          tokenEntry: entry,
          refusals: slug === 'unknown-only' || slug === 'token-only' ? [400] : [],
        }),
      );
    });
  });

  test('a browser-style client (WHATWG WebSocket, no custom headers) authenticates by subprotocol and completes the golden path', async ({
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
      expectation: `101 with ${contract.subprotocol ?? 'no protocol'}, ${contract.readyEvent}, then a complete golden path`,
    });
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

  // Browsers cannot set headers: the jwt.* entry is how a page carries its token, and the Origin is the browser's to send.
  describe('a real browser: a page in headless Chromium', () => {
    test('browser: a page at the allowed Origin opens the WebSocket with the jwt.* entry and completes the golden path', async ({
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
        expectation: `101 with ${contract.subprotocol ?? 'no protocol'}, ${contract.readyEvent}, then a complete golden path`,
      });
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
        expectation: 'HTTP 403 before the upgrade',
      });
      if (!config.originCheck) {
        return check.notApplicable(
          'E2E_ORIGIN_CHECK=off: the env file states the target has no Origin allowlist; ' +
            'a page from another site was not checked for cross-site WebSocket hijacking',
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
    const origins = [
      ['the allowlisted origin → accepted', 'allowed'],
      ['https://evil.example → 403', 'evil'],
      ['"null" (a sandboxed page or file://) → 403', 'null'],
      ['the allowed origin with an attacker suffix → 403', 'suffix'],
      ['a host that merely ends with the allowed host → 403', 'lookalike'],
    ] as const;

    test.for(origins)('Origin: %s', async ([, slug], { connect, config, contract, checks }) => {
      const allowed = new URL(config.allowedOrigin);
      const origin = {
        allowed: allowed.origin,
        evil: 'https://evil.example',
        null: 'null',
        suffix: `${allowed.origin}.evil.example`,
        lookalike: `${allowed.protocol}//evil${allowed.host}`,
      }[slug];
      const check = checks.begin({
        id: `header-compat/origin/${slug}`,
        description: `Origin: ${origin}`,
        expectation: slug === 'allowed' ? `101, then ${contract.readyEvent}` : 'HTTP 403 before the upgrade',
      });
      if (!config.originCheck) {
        return check.notApplicable(
          'E2E_ORIGIN_CHECK=off: the env file states the target has no Origin allowlist; ' +
            'it was not checked for cross-site WebSocket hijacking',
        );
      }
      const attempt = await check.step(connect.attempt({ origin, label: `origin-${slug}` }));
      const presented = {
        token: 'a valid token',
        transport: `a handshake with Origin ${origin}`,
        evidence: attempt.client.timeline.render(),
      };
      const summary = summarizeAttempt(attempt);
      if (slug === 'allowed')
        return void check.record(judgeAccepted(summary, { ...presented, readyEvent: contract.readyEvent }));
      const judged = judgeCredentialRefused(summary, { ...presented, statuses: [403] });
      check.record(
        judged.ok
          ? judged
          : {
              ...judged,
              finding: summary.upgraded ? 'origin_not_checked' : judged.finding,
              message: `Origin ${origin} must be refused with HTTP 403: ${judged.message}`,
            },
      );
    });
  });

  describe('malformed handshakes over raw TCP: a prompt 4xx, never 5xx, never a hang', () => {
    const malformed = [
      ['missing Sec-WebSocket-Key → 400', 'no-key'],
      ['Sec-WebSocket-Version: 8 → 426 (or 400) with Sec-WebSocket-Version: 13', 'version-8'],
      ['POST instead of GET → 4xx', 'post'],
      ['no Upgrade header (a proxy that stripped it) → 4xx', 'no-upgrade'],
    ] as const;

    test.for(malformed)('handshake: %s', async ([title, slug], { raw, auth, checks }) => {
      const check = checks.begin({
        id: `header-compat/handshake/${slug}`,
        description: title,
        expectation: title.split('→ ')[1] ?? title,
      });
      const token = await check.step(auth.token(0));
      const answer = await raw.handshake({
        token,
        auth: 'header',
        label: slug,
        method: slug === 'post' ? 'POST' : 'GET',
        changes:
          slug === 'no-key'
            ? { 'Sec-WebSocket-Key': undefined }
            : slug === 'version-8'
              ? { 'Sec-WebSocket-Version': '8' }
              : slug === 'no-upgrade'
                ? { Upgrade: undefined }
                : {},
      });
      const versions = (a: Extract<HandshakeAnswer, { kind: 'refused' }>) =>
        (a.head.headers.get('sec-websocket-version') ?? []).join(', ');
      check.record(
        judgeMalformedHandshake(answer, {
          request: `a handshake with ${title.split(' →')[0]}`,
          statuses: slug === 'no-key' ? [400] : slug === 'version-8' ? [426, 400] : ['4xx'],
          ...(slug === 'version-8'
            ? {
                require: (a) =>
                  versions(a).split(/,\s*/).includes('13')
                    ? undefined
                    : `the answer lacks Sec-WebSocket-Version: 13 (got "${versions(a)}"), RFC 6455 §4.4`,
              }
            : {}),
        }),
      );
    });
  });

  describe('test-bypass header', () => {
    test('the bypass header does not let an unauthenticated client in outside test mode', async ({
      connect,
      config,
      contract,
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
      // Both are judged like any missing token: a 101 closed (1008) before the ready event is a late refusal, not a way in.
      const plain = await connect.attempt({ token: undefined, label: 'no-token' });
      const bare = judgeCredentialRefused(summarizeAttempt(plain), {
        token: 'no token',
        transport: 'a handshake with no credential at all',
        evidence: plain.client.timeline.render(),
        statuses: [401, 403],
      });
      if (!bare.ok && bare.finding === 'invalid_token_accepted') {
        return void check.record({
          ...bare,
          finding: 'unauthenticated_accepted',
          message: `a handshake with no token at all was let in (${bare.observed}), with or without ${config.bypassHeader}`,
        });
      }
      const attempt = await connect.attempt({
        token: undefined,
        headers: { [config.bypassHeader]: 'user_bypass_probe' },
        label: 'bypass',
      });
      const judged: Judgement = judgeCredentialRefused(summarizeAttempt(attempt), {
        token: 'no token',
        transport: `a handshake with only ${config.bypassHeader}`,
        evidence: attempt.client.timeline.render(),
        statuses: [401, 403],
      });
      check.record(
        judged.ok || judged.finding !== 'invalid_token_accepted'
          ? judged
          : {
              ...judged,
              finding: 'bypass_honoured',
              message: `the test-bypass header ${config.bypassHeader} let an unauthenticated client in outside test mode (${judged.observed}); ${contract.readyEvent} should never follow a bypass in staging or production`,
            },
      );
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
      check.record(
        facts.testMode && !config.testMode
          ? failed(
              'test_mode_on',
              'the target runs in test mode, where bypasses are honoured, but the env says it must not',
              { observed },
            )
          : passed({ observed }),
      );
    });
  });
});
