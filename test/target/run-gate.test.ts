import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { E2eError } from '../../framework/errors.ts';
import { enterGate, startRunGate, type GateMode, type RunGate } from '../../framework/target/run-gate.ts';

const WAIT_MS = 10_000;
// Long enough for a gate that lets a test in too early to do so before the holder leaves.
const CHANCE_MS = 100;

let gate: RunGate;
beforeEach(async () => void (gate = await startRunGate()));
afterEach(() => gate.close());

/** Enters the gate and writes to `log` when in and when out; `leave` ends the hold. */
function holder(name: string, mode: GateMode, log: string[]) {
  const entered = enterGate(gate.url, mode, WAIT_MS).then((leave) => {
    log.push(`in ${name}`);
    return () => {
      log.push(`out ${name}`);
      leave();
    };
  });
  return { entered, leave: async () => (await entered)() };
}

describe('the run gate: shared tests together, an alone test by itself', () => {
  it('lets shared holders in together and an alone one only after they all left', async () => {
    const log: string[] = [];
    const a = holder('a', 'shared', log);
    const b = holder('b', 'shared', log);
    await Promise.all([a.entered, b.entered]);
    const alone = holder('alone', 'alone', log);
    await sleep(CHANCE_MS);
    await a.leave();
    await sleep(CHANCE_MS);
    await b.leave();
    await alone.leave();
    expect(log).toEqual(['in a', 'in b', 'out a', 'out b', 'in alone', 'out alone']);
  });

  it('queues a shared test that arrives while an alone one waits behind it: the alone one is not starved', async () => {
    const log: string[] = [];
    const first = holder('first', 'shared', log);
    await first.entered;
    const alone = holder('alone', 'alone', log);
    await sleep(CHANCE_MS);
    const late = holder('late', 'shared', log);
    await sleep(CHANCE_MS);
    await first.leave();
    await alone.entered;
    await sleep(CHANCE_MS);
    await alone.leave();
    await late.leave();
    expect(log).toEqual(['in first', 'out first', 'in alone', 'out alone', 'in late', 'out late']);
  });

  it('runs alone tests back to back: once the target is free, a waiting alone test goes before shared ones', async () => {
    const log: string[] = [];
    const first = holder('first', 'alone', log);
    await first.entered;
    const shared = holder('shared', 'shared', log);
    await sleep(CHANCE_MS);
    const second = holder('second', 'alone', log);
    await sleep(CHANCE_MS);
    await first.leave();
    await second.entered;
    await sleep(CHANCE_MS);
    await second.leave();
    await shared.leave();
    expect(log).toEqual(['in first', 'out first', 'in second', 'out second', 'in shared', 'out shared']);
  });

  it('keeps the target free a moment after an alone test, for the next alone test of its file', async () => {
    // A linger no busy machine outlasts between a leave and the next request.
    await gate.close();
    gate = await startRunGate({ lingerMs: 2_000 });
    const log: string[] = [];
    const first = holder('first', 'alone', log);
    await first.entered;
    const shared = holder('shared', 'shared', log);
    await sleep(CHANCE_MS);
    await first.leave();
    // The next test of the file asks right after the first one left.
    const next = holder('next', 'alone', log);
    await next.entered;
    await sleep(CHANCE_MS);
    await next.leave();
    await shared.leave();
    expect(log).toEqual(['in first', 'out first', 'in next', 'out next', 'in shared', 'out shared']);
  });

  it('frees the hold of a worker that dies while holding it', async () => {
    const child = spawn(
      process.execPath,
      [
        '-e',
        `require('node:http').get(${JSON.stringify(`${gate.url}?mode=alone`)}, (res) => res.on('data', () => console.log('in')))`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise((resolve) => child.stdout.once('data', resolve));
    const log: string[] = [];
    const next = holder('next', 'shared', log);
    await sleep(CHANCE_MS);
    expect(log).toEqual([]);
    child.kill('SIGKILL');
    await next.leave();
    expect(log).toEqual(['in next', 'out next']);
  });

  it('gives up after its timeout, naming what it waited for, and leaves the queue', async () => {
    const log: string[] = [];
    const holding = holder('holding', 'shared', log);
    await holding.entered;
    const error = await enterGate(gate.url, 'alone', 200).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(E2eError);
    expect((error as E2eError).code).toBe('E2E_GATE');
    expect((error as E2eError).message).toBe('waited 200 ms for the tests in flight to finish');
    // The timed-out request no longer holds a place: a shared test still gets in beside the holder.
    const beside = holder('beside', 'shared', log);
    await beside.leave();
    await holding.leave();
    expect(log).toEqual(['in holding', 'in beside', 'out beside', 'out holding']);
  });

  it('says which gate did not answer, and how', async () => {
    await expect(enterGate(`${gate.url}-wrong`, 'shared', WAIT_MS)).rejects.toThrow(
      /^the run's gate \(in the process that started the run\) answered HTTP 404$/,
    );
    const closed = await startRunGate();
    await closed.close();
    await expect(enterGate(closed.url, 'shared', WAIT_MS)).rejects.toThrow(/did not answer: connect ECONNREFUSED/);
  });
});
