import {
  closeText,
  describe,
  expect,
  isErrorEvent,
  loadConfig,
  observeClose,
  test,
  type ReceivedEvent,
  type RunClient,
} from '../framework/index.ts';

const USERS = 3;
const CONNECTIONS_PER_USER = 2;
const { streaming, timeouts } = loadConfig();
const TIMEOUT_MS = streaming.keepaliveMs + 2 * timeouts.runMs + 10_000;

describe("multi-user isolation: a connection sees its own user's runs only", () => {
  test(
    `${USERS} users × ${CONNECTIONS_PER_USER} connections run golden paths at once; no event crosses users`,
    { timeout: TIMEOUT_MS },
    async ({ chat, contract, auth, checks }) => {
      const check = checks.begin({
        id: 'isolation/concurrent-users',
        description: `${USERS} users, ${CONNECTIONS_PER_USER} connections each, one run per connection, all at once`,
        expectation: 'every run completes, and no connection receives an event of a run that belongs to another user',
      });
      const users = auth.tokens ? USERS : Math.min(USERS, auth.accounts);
      if (users < 2)
        return check.notApplicable(
          'needs two users: give the harness E2E_SIGNING_KEY, or at least two accounts in E2E_USERS',
        );
      const seats = Array.from({ length: users * CONNECTIONS_PER_USER }, (_, i) =>
        Math.floor(i / CONNECTIONS_PER_USER),
      );
      const clients = await Promise.all(seats.map((user) => chat({ user })));

      const runs = await Promise.all(
        clients.map((c, i) => c.runToCompletion(i % 2 === 0 ? contract.prompts.simple : contract.prompts.twoTools)),
      );
      const owner = new Map<string, { user: number; client: string }>();
      runs.forEach((run, i) => run.runId && owner.set(run.runId, { user: seats[i]!, client: clients[i]!.label }));

      const leaks = clients.flatMap((client, i) => foreignEvents(client, seats[i]!, owner));
      const leakedEvents = leaks.reduce((n, l) => n + l.count, 0);
      const incomplete = runs.filter((r) => r.outcome !== 'completed');
      const observed =
        `${runs.length - incomplete.length}/${runs.length} runs completed; ` +
        `${leakedEvents} event(s) delivered to another user's connection`;
      const evidence = () => clients.map((c) => c.timeline.render(30)).join('\n\n');
      if (leaks.length > 0) {
        const leakedRuns = new Set(leaks.map((l) => l.runId)).size;
        const lines = leaks.slice(0, 5).map((l) => `  ${l.line}`);
        const more = leaks.length > 5 ? `\n  … and ${leaks.length - 5} more` : '';
        const message = `${leakedEvents} event(s) of ${leakedRuns} run(s) reached connections of other users:`;
        return check.fail('cross_user_leak', {
          message: `${message}\n${lines.join('\n')}${more}`,
          observed,
          evidence: evidence(),
        });
      }
      if (incomplete.length > 0) {
        const details = incomplete.map((r) => `${r.client}: ${r.detail}`).join('; ');
        return check.fail('run_incomplete', {
          message: `${incomplete.length} concurrent run(s) did not complete: ${details}`,
          observed,
          evidence: evidence(),
        });
      }
      check.pass(observed);
      for (const run of runs) expect(run).toCompleteGoldenPath();
    },
  );

  test(
    "resume with another user's run_id is refused and replays nothing",
    { timeout: TIMEOUT_MS },
    async ({ connect, contract, config, auth, checks }) => {
      const check = checks.begin({
        id: 'isolation/foreign-resume',
        description: "a second user sends resume with the run_id of the first user's run while it is still streaming",
        expectation:
          "an error frame (or close 1008), and not one event of that run on the second user's connection: " +
          'neither before the resume, nor replayed, nor live',
      });
      if (!auth.tokens && auth.accounts < 2)
        return check.notApplicable(
          'needs two users: give the harness E2E_SIGNING_KEY, or at least two accounts in E2E_USERS',
        );
      const encodeResume = contract.encodeResume;
      if (!encodeResume) {
        return check.notApplicable(
          'the contract states this backend has no resume (encodeResume is not set): there is no resume to misuse',
        );
      }
      const alice = await connect({ user: 0 });
      const bob = await connect({ user: 1 });
      const quietMs = Math.min(config.timeouts.eventMs, 500);
      const prompt = contract.prompts.long?.(config.streaming.keepaliveMs) ?? contract.prompts.simple;
      const messageId = alice.sendUserMessage(prompt);
      const started = await alice.waitFor((e) => e.messageId === messageId && e.runId !== undefined, {
        timeoutMs: config.timeouts.eventMs,
      });
      const runId = started.runId!;
      const ofRun = (e: ReceivedEvent) => e.runId === runId;

      // Before bob asks for anything: a backend that hands every connection every run shows it
      // here, and then the resume is not what leaked the run.
      await bob.waitFor(ofRun, { timeoutMs: quietMs }).catch(() => undefined);
      const since = bob.events.length;
      bob.send(encodeResume({ runId, afterSeq: 0 }));
      const answer = await bob
        .waitFor((e) => isErrorEvent(contract, e) || ofRun(e), { since, timeoutMs: config.timeouts.eventMs })
        .catch(() => undefined);
      // Then a bounded quiet window: a live subscription would deliver the run's next events here.
      await bob.waitFor(ofRun, { since: (answer?.index ?? since) + 1, timeoutMs: quietMs }).catch(() => undefined);
      const unasked = bob.events.slice(0, since).filter(ofRun);
      const afterResume = bob.events.slice(since).filter(ofRun);
      if (bob.closeInfo?.code === 1008) bob.expectClose(1008);

      const error = bob.events.slice(since).find((e) => isErrorEvent(contract, e));
      const closed = bob.closeInfo;
      const refusal = error
        ? `error ${error.code ?? '(no code)'}`
        : closed
          ? closeText(closed)
          : 'nothing (no error frame, no close)';
      const run = `${alice.label}'s run ${runId}`;
      const observed =
        `${unasked.length} event(s) of ${run} on ${bob.label} before it sent a resume; ` +
        `the resume got ${refusal}; ${afterResume.length} event(s) of the run after it`;
      const observation = closed ? observeClose(closed, observed) : { observed };
      const evidence = `${bob.timeline.render()}\n\n${alice.timeline.render()}`;
      if (unasked.length > 0) {
        const message =
          `${bob.label} received ${unasked.length} event(s) of ${run} before it sent anything about that run ` +
          `(${summarize(unasked)}); the resume it then sent got ${refusal}, ` +
          `and ${afterResume.length} more event(s) of the run followed: ` +
          "the backend delivers another user's run unasked, whatever it does with a resume";
        return check.fail('cross_user_leak', { message, ...observation, evidence });
      }
      if (afterResume.length > 0) {
        const message =
          `${bob.label} sent a resume of ${run} (after_seq 0), got ${refusal}, ` +
          `and then received ${afterResume.length} event(s) of that run, none before: ${summarize(afterResume)}`;
        return check.fail('foreign_resume_replayed', { message, ...observation, evidence });
      }
      if (!error && closed?.code !== 1008) {
        const message =
          `${bob.label} sent a resume of ${run} and got ${refusal}: ` +
          "a resume of another user's run must be answered with an error frame or close 1008";
        return check.fail('foreign_resume_not_refused', { message, ...observation, evidence });
      }
      check.pass(observation);
      const next = await alice.runToCompletion(contract.prompts.simple);
      expect(next, `${alice.label}'s connection is unaffected`).toCompleteGoldenPath();
    },
  );
});

/** The events on `client` that belong to runs of other users, one line per run. */
function foreignEvents(
  client: Pick<RunClient, 'label' | 'events'>,
  user: number,
  owner: Map<string, { user: number; client: string }>,
): { runId: string; count: number; line: string }[] {
  const byRun = new Map<string, ReceivedEvent[]>();
  for (const e of client.events) {
    const o = e.runId === undefined ? undefined : owner.get(e.runId);
    if (o && o.user !== user) byRun.set(e.runId!, [...(byRun.get(e.runId!) ?? []), e]);
  }
  return [...byRun].map(([runId, events]) => ({
    runId,
    count: events.length,
    line:
      `${client.label} received ${events.length} event(s) of run ${runId}, ` +
      `which belongs to ${owner.get(runId)!.client}: ${summarize(events)}`,
  }));
}

function summarize(events: ReceivedEvent[]): string {
  const shown = events.slice(0, 4).map((e) => `${e.type}${e.seq !== undefined ? ` seq ${e.seq}` : ''}`);
  return `${shown.join(', ')}${events.length > 4 ? ', …' : ''}`;
}
