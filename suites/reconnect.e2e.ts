import {
  auditDelivery,
  canRestart,
  checkGoldenPath,
  describe,
  closeText,
  expect,
  isErrorEvent,
  loadConfig,
  observeClose,
  renderDeliveryAudit,
  restartTarget,
  test,
} from '../framework/index.ts';

// Timeouts follow the env file: a staging reconnect may take most of E2E_RECONNECT_WITHIN_MS.
const { streaming, reconnect, timeouts } = loadConfig();
const TIMEOUT_MS = streaming.keepaliveMs + 2 * reconnect.withinMs + timeouts.runMs + 10_000;

describe('reconnect and resume: a dropped client comes back and misses nothing', () => {
  test(
    'dropped mid-run: reconnect with backoff, resume after the last seq, every event exactly once',
    { timeout: TIMEOUT_MS },
    async ({ reconnecting, contract, config, checks }) => {
      const check = checks.begin({
        id: 'reconnect/resume-exactly-once',
        description:
          'the TCP connection is dropped as soon as the first event of a run arrives; ' +
          'the client reconnects with backoff and sends resume with the last seq it saw',
        expectation:
          'the run completes, and across both connections every seq of the run arrives exactly once ' +
          '(nothing lost, nothing twice)',
      });
      if (!contract.encodeResume) {
        return check.notApplicable(
          'the contract states this backend has no resume (encodeResume is not set): ' +
            'a dropped client cannot get its run back',
        );
      }
      const client = await reconnecting();
      const first = client.current;

      // The drop is aimed at the run, not at a clock: it lands on the run's first event, while the
      // run is still going. A run that is already over by then (a backend that answers in one burst)
      // has nothing to resume, so one more, longer run is tried before the check says n.a.
      const prompts = [contract.prompts.long?.(config.streaming.keepaliveMs), contract.prompts.twoTools].filter(
        (p) => p !== undefined,
      );
      let messageId: string | undefined;
      for (const prompt of prompts) {
        const id = client.sendUserMessage(prompt);
        const belongs = client.ledger.belongs(id);
        const started = first.waitFor((e) => belongs(e) && e.runId !== undefined, {
          timeoutMs: config.timeouts.eventMs,
        });
        await check.step(started, 'run_not_started');
        if (!client.ledger.isComplete(id)) {
          messageId = id;
          break;
        }
      }
      if (!messageId) {
        const why = contract.prompts.long
          ? 'even the long-running prompt'
          : 'the contract has no long-running prompt, and the two-tool one';
        return check.notApplicable(
          `every run had completed by the time its first event arrived (${why} came in one burst), ` +
            'so there was nothing to resume',
        );
      }
      client.drop();
      const run = await client.waitForRun(messageId, {
        eventTimeoutMs: config.streaming.keepaliveMs + config.timeouts.eventMs,
        runTimeoutMs: config.streaming.keepaliveMs + config.reconnect.withinMs + config.timeouts.runMs,
      });

      const audit = auditDelivery(client.ledger.deliveries(messageId), client.ledger.resumes);
      const evidence = `${renderDeliveryAudit(audit)}\n\n${run.timeline}`;
      const over = `${run.outcome} over ${client.connections.length} connection(s)`;
      const observation = {
        observed: `${over}; ${audit.distinct} distinct seqs, ${audit.findings.length} delivery finding(s)`,
      };
      // Why the client stopped reconnecting, when it did: the attempts made and how each connection ended.
      const gaveUp = client.reconnects.at(-1)?.gaveUp;
      if (client.connections.length < 2) {
        const message = `the client did not get a second connection: ${gaveUp ?? (run.detail || client.describe())}`;
        return check.fail('no_reconnect', { message, ...observation, evidence });
      }
      const resumed = client.ledger.resumes.at(-1);
      const resumedOn = client.connections.find((c) => c.label === resumed?.connection);
      const refusal = resumed && resumedOn?.events.slice(resumed.sinceIndex).find((e) => isErrorEvent(contract, e));
      if (refusal) {
        const message =
          `the backend answered resume with error ${refusal.code ?? '(no code)'}: a backend without resume by design ` +
          'leaves encodeResume out of its contract module (E2E_CONTRACT), and this check says n.a.';
        return check.fail('resume_refused', { message, ...observation, evidence });
      }
      const cut = client.reconnects.filter((r) => r.closedOnResume);
      if (run.outcome !== 'completed' && cut.length > 0) {
        const closes = [...new Set(cut.map((r) => closeText({ ...r.closed, by: 'server' })))].join(', ');
        const resumes = client.ledger.resumes.length;
        const times = cut.length === resumes ? 'every' : `${cut.length} of ${resumes}`;
        const stopped = gaveUp ?? `stopped waiting: ${run.detail}`;
        const message = `the backend answered ${times} resume with ${closes}; the client ${stopped}`;
        return check.fail('resume_closed_connection', {
          message,
          ...observation,
          closeCode: cut[0]!.closed.code,
          evidence,
        });
      }
      const duplicate = audit.findings.find((f) => f.kind === 'duplicated');
      const lost = audit.findings.find((f) => f.kind === 'lost');
      if (lost) return check.fail('resume_lost_event', { message: lost.message, ...observation, evidence });
      if (duplicate)
        return check.fail('resume_duplicated_event', { message: duplicate.message, ...observation, evidence });
      if (run.outcome !== 'completed') {
        const message = `the run did not complete after the reconnect: ${run.detail}`;
        return check.fail('run_not_resumed', { message, ...observation, evidence });
      }
      const connections = client.describe().split('\n').slice(1).join(' ').replace(/\s+/g, ' ');
      check.pass(`${observation.observed}; ${connections}`);

      // The merged run is judged like any other: critical events in order, tools paired, seq gapless.
      expect(checkGoldenPath(run, contract)).toEqual([]);
    },
  );

  test(
    'server restart: the connection is closed 1001 or 1012, and the client reconnects and completes a run',
    // Alone: a restart closes every connection to the target, not only this test's.
    { timeout: TIMEOUT_MS, tags: ['alone'] },
    async ({ reconnecting, contract, config, target, checks }) => {
      const check = checks.begin({
        id: 'reconnect/server-restart',
        description: 'the backend restarts while a client is connected',
        expectation:
          'the client sees close 1001 (going away) or 1012 (service restart), ' +
          'reconnects with backoff once the server is back, and a new run completes',
      });
      if (!canRestart(target))
        return check.notApplicable(
          `the harness cannot restart a ${target.kind} target; restart it during a run and watch the client reconnect`,
        );
      const client = await reconnecting();
      const first = client.current;

      const { downMs } = await restartTarget(target, config.reconnect.withinMs);
      const closed = await first.waitForClose(config.timeouts.eventMs).catch(() => undefined);
      const next = await client.connected(config.reconnect.withinMs).catch((error: Error) => error);
      const evidence = `${client.describe()}\n\n${first.timeline.render()}`;
      const down = `server down ${downMs} ms`;
      const observation = closed
        ? observeClose(closed, `${closeText(closed)}; ${down}`)
        : { observed: `not closed; ${down}` };

      if (!closed || (closed.code !== 1001 && closed.code !== 1012)) {
        if (closed?.code === 1006) first.expectClose(1006); // named by the finding below
        const what = closed ? `ended the connection with ${closeText(closed)}` : 'did not close the connection';
        return check.fail('restart_without_going_away', {
          message: `a restart ${what}, not 1001 or 1012`,
          ...observation,
          evidence,
        });
      }
      if (next instanceof Error) {
        const message = `the client did not reconnect after the restart: ${next.message}`;
        return check.fail('no_reconnect', { message, ...observation, evidence });
      }
      const run = await next.runToCompletion(contract.prompts.simple);
      if (run.outcome !== 'completed') {
        const message = `a run on the new connection did not complete: ${run.detail}`;
        return check.fail('run_after_restart', { message, ...observation, evidence: run.timeline });
      }
      const [back] = client.reconnects;
      const reconnected = `reconnected after ${back?.attempts.length} attempt(s) in ${back?.tookMs?.toFixed(0)} ms`;
      check.pass({ ...observation, observed: `${observation.observed}; ${reconnected}; a new run completed` });
      expect(run).toCompleteGoldenPath();
    },
  );
});
