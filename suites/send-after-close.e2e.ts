import {
  checkServerHealth,
  describe,
  loadConfig,
  logOffset,
  renderLogFindings,
  scanServerLog,
  startRun,
  test,
  type ChatClient,
  type RunClient,
} from '../framework/index.ts';

const { streaming, timeouts, transport } = loadConfig();
const TIMEOUT_MS = 2 * streaming.keepaliveMs + 2 * timeouts.runMs + timeouts.eventMs + 10_000;

// Over SSE a client leaves one way: it aborts its request (HTTP has no close frame to send or to omit).
const WAYS_TO_LEAVE: { how: string; leave: (c: RunClient) => unknown }[] =
  transport === 'sse'
    ? [{ how: 'aborts its request', leave: (c) => c.terminate() }]
    : [
        { how: 'closes cleanly (1000)', leave: (c) => (c as ChatClient).close(1000, 'user left the page') },
        { how: 'vanishes without a close frame', leave: (c) => void c.expectClose(1006).terminate() },
      ];

// Alone: what the server logs while a client leaves is read as caused by that client.
describe('send-after-close: a client that leaves mid-stream leaves the server healthy', { tags: ['alone'] }, () => {
  for (const { how, leave } of WAYS_TO_LEAVE)
    test(
      `a client that ${how} mid-run: the next connection completes, /health ok, no crash in the log`,
      { timeout: TIMEOUT_MS },
      async ({ chat, contract, config, target, checks }) => {
        const check = checks.begin({
          id: `send-after-close/${how.replace(/\W+/g, '-').replace(/-$/, '')}`,
          description: `a client ${how} while its run is still streaming; the server keeps producing events for it`,
          expectation:
            'a server that completes a run and answers /health ok before the client leaves still does both after it, ' +
            'with a run that outlasts the abandoned one, and its log shows no crash and no error about writing ' +
            'to a closed socket',
        });
        const long = contract.prompts.long;
        if (!long) {
          return check.notApplicable(
            'the contract states this backend has no long-running prompt (prompts.long is not set): ' +
              'no run lasts long enough to leave in the middle of it',
          );
        }
        const offset = target.logFile ? logOffset(target.logFile) : 0;
        const runMs = config.streaming.keepaliveMs;
        const leaving = await chat();

        // The server as it was before anyone left: a failure after the leaving is the leaving's doing
        // only if a run and /health worked before it.
        const failedBefore = (seen: string, what: string, evidence: string) =>
          check.fail('server_unhealthy_before_client_left', {
            message: `before any client left, ${seen}: the server ${what}`,
            observed: `before any client left: ${seen}`,
            evidence,
          });
        const baseline = await leaving.runToCompletion(contract.prompts.simple);
        if (baseline.outcome !== 'completed') {
          const seen = `a run on ${leaving.label} ${baseline.outcome} (${baseline.detail})`;
          return failedBefore(seen, 'was not completing runs', baseline.timeline);
        }
        const healthBefore = await checkServerHealth(target.backendUrl, config.timeouts.handshakeMs);
        if (!healthBefore.ok) {
          const seen = `a run completed on ${leaving.label}, but ${healthBefore.detail}`;
          return failedBefore(seen, 'was not answering /health ok', baseline.timeline);
        }
        const started = await startRun(leaving, long(runMs), config.timeouts.eventMs);
        if (!started) {
          const seen =
            `a run completed on ${leaving.label}, then the long run it was to leave ` +
            `sent no event within ${config.timeouts.eventMs} ms`;
          return failedBefore(seen, 'stopped answering runs', leaving.timeline.render());
        }
        await leave(leaving);

        // A run as long as the abandoned one, started after it: the server must write the abandoned
        // run's remaining events (into a closed socket) while this one is being served.
        const next = await chat().then(
          (client) => ({ client, error: undefined }),
          (error: Error) => ({ client: undefined, error }),
        );
        const run = next.client
          ? await next.client.runToCompletion(long(runMs), {
              eventTimeoutMs: runMs + config.timeouts.eventMs,
              runTimeoutMs: runMs + config.timeouts.runMs,
            })
          : undefined;
        const health = await checkServerHealth(target.backendUrl, config.timeouts.handshakeMs);
        const log = target.logFile ? scanServerLog(target.logFile, offset) : undefined;

        const nextSeen = next.error
          ? `the next connection failed: ${next.error.message}`
          : `the next run ${run!.outcome}${run!.detail ? ` (${run!.detail})` : ''}`;
        const logSeen = log
          ? `${log.findings.length} error line(s) in the server log`
          : 'server log not available (not a local target)';
        const observation = { observed: `${nextSeen}; ${health.detail}; ${logSeen}` };
        const evidence = [
          log && log.findings.length > 0 ? `Server log (${target.logFile}):\n${renderLogFindings(log.findings)}` : '',
          leaving.timeline.render(),
          run?.timeline ?? next.client?.timeline.render() ?? '',
        ]
          .filter(Boolean)
          .join('\n\n');

        const crash = log?.findings.find((f) => f.kind === 'crash');
        const wroteToClosed = log?.findings.find((f) => f.kind === 'send_after_close');
        if (crash || (wroteToClosed && (!health.ok || next.error))) {
          const said = [wroteToClosed, crash]
            .filter((f) => f !== undefined)
            .map((f) => f.summary)
            .join(', then ');
          const after = `${nextSeen}; ${health.detail}`;
          const message = `after a client ${how} mid-run, the server crashed: its log says ${said}; ${after}`;
          return check.fail('server_crashed', { message, ...observation, evidence });
        }
        if (next.error || run?.outcome !== 'completed' || !health.ok) {
          const before = `before it left, a run completed on ${leaving.label} and ${healthBefore.detail}`;
          const message = `${before}; after a client ${how} mid-run, ${nextSeen}; ${health.detail}`;
          return check.fail('server_unhealthy_after_client_left', { message, ...observation, evidence });
        }
        if (log && log.findings.length > 0) {
          const finding = wroteToClosed ? 'send_after_close_error' : 'error_logged_after_client_left';
          const message = `after a client ${how} mid-run, the server logged ${log.findings[0]!.summary}`;
          return check.fail(finding, { message, ...observation, evidence });
        }
        check.pass(observation);
      },
    );
});
