import {
  closeText,
  describe,
  isErrorEvent,
  observeClose,
  test,
  type ChatClient,
  type Contract,
  type ReceivedEvent,
  type SseChatClient,
} from '../framework/index.ts';
import {
  BAD_INPUT_KINDS,
  PROTOCOL_CASES,
  badInput,
  failed,
  heartbeatMayHaveClosed,
  passed,
  judgeClose,
  missingFact,
  type Judgement,
} from '../framework/protocol.ts';

/** Waits for the next error frame; undefined when the connection closed or nothing came. */
async function nextError(client: ChatClient, since: number, timeoutMs: number): Promise<ReceivedEvent | undefined> {
  return client.waitFor((e) => isErrorEvent(client.contract, e), { since, timeoutMs }).catch(() => undefined);
}

/**
 * Over SSE, bad input is a POST body: a refusal (HTTP 4xx) or an event stream carrying the error
 * event are its error frame; a 5xx is its 1011. The next message must still complete.
 */
async function judgeBadBody(
  client: SseChatClient,
  input: { description: string; frame: string },
  contract: Contract,
): Promise<Judgement> {
  const since = client.events.length;
  await client.sendBody(input.frame);
  const answer = client.timeline.entries.findLast((e) => e.kind === 'refused' || e.kind === 'open');
  const evidence = client.timeline.render();
  if (answer?.kind === 'refused' && answer.status >= 500) {
    const message = `${input.description} was answered HTTP ${answer.status} (a server error) instead of a 4xx`;
    return failed(
      'internal_error',
      message,
      { observed: `HTTP ${answer.status}`, httpStatus: answer.status },
      evidence,
    );
  }
  const error = client.events.slice(since).find((e) => isErrorEvent(contract, e));
  const refused = answer?.kind === 'refused' && answer.status >= 400;
  if (!refused && !error) {
    const seen = answer?.kind === 'open' ? 'an event stream without an error event' : 'no HTTP answer';
    return failed('no_error_frame', `${input.description} got ${seen}`, { observed: seen }, evidence);
  }
  const observed = refused ? `HTTP ${answer.status}` : `HTTP 200 and ${error!.type} ${error!.code ?? ''}`.trim();
  const run = await client.runToCompletion(contract.prompts.simple);
  if (run.outcome !== 'completed') {
    const message = `after ${input.description}, the next message did not complete: ${run.detail}`;
    return failed(
      'connection_unusable',
      message,
      { observed: `${observed}, then the run ${run.outcome}` },
      run.timeline,
    );
  }
  return passed({ observed: `${observed}; the next message completed run ${run.runId}` });
}

/** What a client saw instead of an error frame: a close (1011 named) or silence. */
function noErrorFrame(client: ChatClient, what: string, waitedMs: number): Judgement {
  const close = client.closeInfo;
  const evidence = client.timeline.render();
  if (close?.code === 1011) {
    const message = `${what} was answered with close 1011 (internal error) instead of an error frame`;
    return failed('internal_error', message, observeClose(close), evidence);
  }
  if (close) {
    const message = `${what} ended the connection (close ${close.code}) instead of an error frame`;
    return failed('connection_dropped', message, observeClose(close), evidence);
  }
  const message = `${what} got no error frame within ${waitedMs} ms`;
  return failed('no_error_frame', message, { observed: `nothing within ${waitedMs} ms` }, evidence);
}

describe('close codes: bad input is answered, and 1011 is never the answer', () => {
  describe('application-level bad input gets an error frame and keeps the connection', () => {
    test.for(BAD_INPUT_KINDS)(
      '%s → an error frame, then the next message still completes',
      async (kind, { connect, chat, contract, checks, config }) => {
        const input = badInput(contract, kind);
        const codes = input?.codes.join(' or ');
        const sse = config.transport === 'sse';
        const check = checks.begin({
          id: `close-codes/bad-input/${kind}`,
          description: input?.description ?? kind,
          expectation: sse
            ? 'HTTP 4xx, or an event stream with the error event; never 5xx; the next message completes'
            : `an error frame${codes ? ` with code ${codes}` : ''}; ` +
              'the connection stays open and usable; never 1011',
        });
        if (!input)
          return check.notApplicable(
            `the contract's user message is not a JSON object with a "type", so ${kind} cannot be derived from it`,
          );
        if (sse) {
          const frame = input.frame;
          if (typeof frame !== 'string')
            return check.notApplicable('a POST body is bytes whatever it carries: there is no binary frame to send');
          // Over SSE the `chat` fixture's clients are SseChatClients.
          const client = (await chat()) as SseChatClient;
          return void check.record(await judgeBadBody(client, { description: input.description, frame }, contract));
        }
        const client = await check.step(connect(), 'connect_failed');

        const since = client.events.length;
        client.send(input.frame);
        const error = await nextError(client, since, config.timeouts.eventMs);
        if (!error) return void check.record(noErrorFrame(client, input.description, config.timeouts.eventMs));
        if (input.codes.length > 0 && !input.codes.includes(error.code ?? '')) {
          return check.fail('wrong_error_code', {
            message: `${input.description} was answered with error code ${error.code ?? '(none)'}, not ${codes}`,
            observed: `error ${error.code ?? '(no code)'}`,
            evidence: client.timeline,
          });
        }
        const run = await client.runToCompletion(contract.prompts.simple);
        if (run.outcome !== 'completed') {
          return check.fail('connection_unusable', {
            message: `after ${input.description}, the next message did not complete: ${run.detail}`,
            observed: `error ${error.code}, then the run ${run.outcome}`,
            evidence: run.timeline,
          });
        }
        check.pass(`error ${error.code ?? '(no code)'}; the next message completed run ${run.runId}`);
      },
    );

    // Alone: a backend that limits per user or per address would answer the other suites for this burst.
    test(
      'a burst of 1,000 small messages: every one answered, the connection kept, never 1011',
      { tags: ['alone'] },
      async ({ connect, contract, checks, config, facts }) => {
        const input = badInput(contract, 'unknown-type') ?? badInput(contract, 'invalid-json')!;
        const count = 1000;
        const burst = facts.rateLimit?.burst;
        const limited = burst !== undefined && burst < count;
        const check = checks.begin({
          id: 'close-codes/bad-input/burst-1000',
          description: `${count} × ${input.description}, sent at once`,
          expectation: limited
            ? `the stated burst (${burst}) is below ${count}: ` +
              'error frames up to it, then close 1008 or 1013; never 1011'
            : `${count} error frames; the connection stays open and the next message completes; never 1011`,
        });
        const client = await check.step(connect(), 'connect_failed');
        if (limited) client.expectClose(1008, 1013);

        const since = client.events.length;
        const started = performance.now();
        for (let i = 0; i < count && client.isOpen; i++) client.send(input.frame);
        let answered = 0;
        await client
          .waitFor((e) => isErrorEvent(contract, e) && ++answered >= count, { since, timeoutMs: config.timeouts.runMs })
          .catch(() => undefined);
        const took = Math.round(performance.now() - started);
        const close = client.closeInfo;
        if (close && !(limited && (close.code === 1008 || close.code === 1013))) {
          const burst = { at: started, what: `a burst of ${count} messages`, before: 'it answered them' };
          const heartbeat = heartbeatMayHaveClosed(close, burst, config.heartbeat);
          if (heartbeat) return check.notApplicable(heartbeat);
          return void check.record(noErrorFrame(client, `a burst of ${count} messages (${answered} answered)`, took));
        }
        if (close)
          return void check.pass(
            observeClose(close, `${answered} error frames, then ${closeText(close)} after ${took} ms`),
          );
        if (answered < count) {
          return check.fail('burst_unanswered', {
            message:
              `only ${answered} of ${count} messages of a burst were answered ` + `within ${config.timeouts.runMs} ms`,
            observed: `${answered}/${count} error frames`,
            evidence: client.timeline,
          });
        }
        const run = await client.runToCompletion(contract.prompts.simple);
        if (run.outcome !== 'completed') {
          return check.fail('connection_unusable', {
            message: `after a burst of ${count} messages, the next message did not complete: ${run.detail}`,
            observed: `run ${run.outcome}`,
            evidence: run.timeline,
          });
        }
        check.pass(`${count} error frames in ${took} ms; the next message completed`);
      },
    );
  });

  describe('protocol violations get the RFC close code (hand-built frames after a real handshake)', () => {
    const cases = PROTOCOL_CASES.map((c) => {
      const source = c.autobahn ? `Autobahn ${c.autobahn}` : 'RFC 6455 §7.4.1';
      return [`${source}: ${c.action} → close ${c.codes.join(' or ')}`, c] as const;
    });

    test.for(cases)('%s', async ([title, c], { raw, auth, checks, config, facts }) => {
      const check = checks.begin({ id: c.id, description: title, expectation: c.expectation });
      const maxPayloadBytes = facts.maxPayloadBytes;
      if (c.needsPayloadLimit && maxPayloadBytes === undefined)
        return check.notApplicable(missingFact(facts, 'max_payload_bytes'));
      const connection = await check.step(
        raw.open({ token: await check.step(auth.token(0)), label: c.id, waitForReady: false }),
        'connect_failed',
      );

      const since = connection.frames.length;
      for (const frame of c.frames({ maxPayloadBytes: maxPayloadBytes ?? 0 })) connection.send(frame);
      const waitedMs = config.timeouts.eventMs;
      const outcome = await connection.awaitClose(waitedMs, since);
      check.record(
        judgeClose(outcome, { codes: c.codes, after: c.action, waitedMs, evidence: connection.timeline.render() }),
      );
    });
  });
});
