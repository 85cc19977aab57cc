import {
  auditDelivery,
  canRestart,
  checkGoldenPath,
  describe,
  expect,
  failed,
  loadConfig,
  passed,
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
          'the TCP connection is dropped as soon as the first event of a run arrives; the client reconnects with backoff and sends resume with the last seq it saw',
        expectation:
          'the run completes, and across both connections every seq of the run arrives exactly once (nothing lost, nothing twice)',
      });
      if (!contract.encodeResume) {
        return check.notApplicable(
          'the contract states this backend has no resume (encodeResume is not set): a dropped client cannot get its run back',
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
          `every run had completed by the time its first event arrived (${why} came in one burst), so there was nothing to resume`,
        );
      }
      client.drop();
      const run = await client.waitForRun(messageId, {
        eventTimeoutMs: config.streaming.keepaliveMs + config.timeouts.eventMs,
        runTimeoutMs: config.streaming.keepaliveMs + config.reconnect.withinMs + config.timeouts.runMs,
      });

      const audit = auditDelivery(client.ledger.deliveries(messageId), client.ledger.resumes);
      const evidence = `${renderDeliveryAudit(audit)}\n\n${run.timeline}`;
      const observation = {
        observed: `${run.outcome} over ${client.connections.length} connection(s); ${audit.distinct} distinct seqs, ${audit.findings.length} delivery finding(s)`,
      };
      // Why the client stopped reconnecting, when it did: the attempts made and how each connection ended.
      const gaveUp = client.reconnects.at(-1)?.gaveUp;
      if (client.connections.length < 2) {
        const message = `the client did not get a second connection: ${gaveUp ?? (run.detail || client.describe())}`;
        return void check.record(failed('no_reconnect', message, observation, evidence));
      }
      const resumed = client.ledger.resumes.at(-1);
      const resumedOn = client.connections.find((c) => c.label === resumed?.connection);
      const refusal = resumed && resumedOn?.events.slice(resumed.sinceIndex).find((e) => e.type === 'error');
      if (refusal) {
        const message =
          `the backend answered resume with error ${refusal.code ?? '(no code)'}: a backend without resume by design ` +
          'leaves encodeResume out of its contract module (E2E_CONTRACT), and this check says n.a.';
        return void check.record(failed('resume_refused', message, observation, evidence));
      }
      const cut = client.reconnects.filter((r) => r.closedOnResume);
      if (run.outcome !== 'completed' && cut.length > 0) {
        const closeText = (r: (typeof cut)[number]) =>
          `${r.closed.code}${r.closed.reason ? ` "${r.closed.reason}"` : ''}`;
        const closes = [...new Set(cut.map(closeText))].join(', ');
        const resumes = client.ledger.resumes.length;
        const times = cut.length === resumes ? 'every' : `${cut.length} of ${resumes}`;
        const stopped = gaveUp ?? `stopped waiting: ${run.detail}`;
        const message = `the backend closed the connection (${closes}) in answer to ${times} resume; the client ${stopped}`;
        const closedObservation = { ...observation, closeCode: cut[0]!.closed.code };
        return void check.record(failed('resume_closed_connection', message, closedObservation, evidence));
      }
      const duplicate = audit.findings.find((f) => f.kind === 'duplicated');
      const lost = audit.findings.find((f) => f.kind === 'lost');
      if (lost) return void check.record(failed('resume_lost_event', lost.message, observation, evidence));
      if (duplicate)
        return void check.record(failed('resume_duplicated_event', duplicate.message, observation, evidence));
      if (run.outcome !== 'completed')
        return void check.record(
          failed(
            'run_not_resumed',
            `the run did not complete after the reconnect: ${run.detail}`,
            observation,
            evidence,
          ),
        );
      check.record(
        passed({
          observed: `${observation.observed}; ${client.describe().split('\n').slice(1).join(' ').replace(/\s+/g, ' ')}`,
        }),
      );

      // The merged run is judged like any other: critical events in order, tools paired, seq gapless.
      expect(checkGoldenPath(run, contract)).toEqual([]);
    },
  );

  test(
    'server restart: the connection is closed 1001 or 1012, and the client reconnects and completes a run',
    { timeout: TIMEOUT_MS },
    async ({ reconnecting, contract, config, target, checks }) => {
      const check = checks.begin({
        id: 'reconnect/server-restart',
        description: 'the backend restarts while a client is connected',
        expectation:
          'the client sees close 1001 (going away) or 1012 (service restart), reconnects with backoff once the server is back, and a new run completes',
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
      const observation = {
        observed: `closed ${closed ? `${closed.code} "${closed.reason}"` : '(not closed)'}; server down ${downMs} ms`,
        ...(closed ? { closeCode: closed.code, clean: closed.by !== 'none' } : {}),
      };

      if (!closed || (closed.code !== 1001 && closed.code !== 1012)) {
        if (closed?.code === 1006) first.expectClose(1006); // named by the finding below
        return void check.record(
          failed(
            'restart_without_going_away',
            `a restart ${closed ? `closed the connection with ${closed.code}${closed.by === 'none' ? ' without a close frame' : ''}` : 'did not close the connection'}, not 1001 or 1012: clients cannot tell a restart from a failure`,
            observation,
            evidence,
          ),
        );
      }
      if (next instanceof Error)
        return void check.record(
          failed(
            'no_reconnect',
            `the client did not reconnect after the restart: ${next.message}`,
            observation,
            evidence,
          ),
        );
      const run = await next.runToCompletion(contract.prompts.simple);
      if (run.outcome !== 'completed')
        return void check.record(
          failed(
            'run_after_restart',
            `a run on the new connection did not complete: ${run.detail}`,
            observation,
            run.timeline,
          ),
        );
      check.record(
        passed({
          ...observation,
          observed: `${observation.observed}; reconnected after ${client.reconnects[0]?.attempts.length} attempt(s) in ${client.reconnects[0]?.tookMs?.toFixed(0)} ms; a new run completed`,
        }),
      );
      expect(run).toCompleteGoldenPath();
    },
  );
});
