import { randomBytes } from 'node:crypto';
import { get, createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { E2eError } from '../errors.ts';

/** How a test holds the gate: beside other tests, or with none in flight (load figures, a restart). */
export type GateMode = 'shared' | 'alone';

export interface RunGate {
  /** Base URL handed to the workers (unguessable, loopback only). */
  url: string;
  close(): Promise<void>;
}

interface Waiter {
  mode: GateMode;
  res: ServerResponse;
  granted: boolean;
}

/**
 * How long the target stays free after an alone test leaves, for the next test of its file to ask
 * (a few ms later) before the shared tests come back in.
 */
const ALONE_LINGER_MS = 50;

/**
 * The e2e suites run side by side in several workers against one target; a test tagged `alone`
 * must have it to itself. This gate, in the process that owns the run (vitest's global setup),
 * lets tests in first-come order: shared holders together, an alone one by itself; a shared test
 * that arrives while an alone one waits queues behind it, so an alone test is never starved.
 * Once the target is free, a waiting alone test goes first: alone tests run back to back, and the
 * shared tests in flight drain once for them rather than once each.
 * A holder keeps its request open for as long as it holds; a worker that dies drops the socket,
 * and with it its hold.
 */
export async function startRunGate({ lingerMs = ALONE_LINGER_MS } = {}): Promise<RunGate> {
  const secret = randomBytes(16).toString('hex');
  const queue: Waiter[] = [];
  let lingering: NodeJS.Timeout | undefined;
  const admit = () => {
    if (!queue.some((h) => h.granted)) {
      const alone = queue.find((w) => w.mode === 'alone');
      if (alone) return (clearTimeout(lingering), (lingering = undefined), grant(alone));
      if (lingering) return;
    }
    for (const w of queue) {
      if (w.granted) continue;
      const holders = queue.filter((h) => h.granted);
      if (w.mode === 'alone' ? holders.length > 0 : holders.some((h) => h.mode === 'alone')) return;
      grant(w);
      if (w.mode === 'alone') return;
    }
  };
  const grant = (w: Waiter) => {
    w.granted = true;
    w.res.writeHead(200, { 'content-type': 'text/plain' }).write('granted\n');
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const mode = new URL(req.url ?? '/', 'http://gate').searchParams.get('mode');
    if (req.method !== 'GET' || !req.url?.startsWith(`/${secret}?`) || (mode !== 'shared' && mode !== 'alone'))
      return void res.writeHead(404).end();
    const waiter: Waiter = { mode, res, granted: false };
    queue.push(waiter);
    res.once('close', () => {
      const at = queue.indexOf(waiter);
      if (at >= 0) queue.splice(at, 1);
      if (waiter.granted && mode === 'alone')
        lingering = setTimeout(() => ((lingering = undefined), admit()), lingerMs);
      admit();
    });
    admit();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/${secret}`,
    close: () =>
      new Promise((resolve) => (clearTimeout(lingering), server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/**
 * Waits until the gate lets this test in, and resolves with the function that leaves it.
 * @example const leave = await enterGate(inject('gate'), 'alone', 120_000); try { … } finally { leave(); }
 */
export function enterGate(url: string, mode: GateMode, timeoutMs: number): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const req = get(`${url}?mode=${mode}`, { agent: false });
    const timer = setTimeout(() => {
      req.destroy();
      const whom = mode === 'alone' ? 'for the tests in flight to finish' : 'for a test that runs alone to finish';
      reject(new E2eError('E2E_GATE', `waited ${timeoutMs} ms ${whom}`));
    }, timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new E2eError('E2E_GATE', `the run's gate (in the process that started the run) ${why}`));
    };
    // Leaving destroys the request: the errors that follow are expected once the test has held the gate.
    req.on('error', (error) => fail(`did not answer: ${error.message}`));
    req.once('response', (res) => {
      res.on('error', () => undefined);
      if (res.statusCode !== 200) return fail(`answered HTTP ${res.statusCode}`);
      res.once('data', () => {
        clearTimeout(timer);
        resolve(() => req.destroy());
      });
    });
  });
}
