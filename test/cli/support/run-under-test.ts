import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { ROOT } from './run-cli.ts';
import { commandLine, hasConnection, listeningPorts, processesWithEnv, processTree, running } from './process-tree.ts';

/** Set in the started process's environment: whatever inherited it belongs to this run. */
const MARKER = 'GOLDEN_PATH_RUN_UNDER_TEST';

export interface RunExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Date.now() when the exit was seen. */
  at: number;
}

/** The processes of a run and the ports they listen on, as /proc showed them at one moment. */
export interface RunSnapshot {
  pids: number[];
  ports: number[];
}

/**
 * A command started as a user would, in a process group of its own, whose whole process tree is
 * tracked through /proc so that the test can tell what outlived it and kill it all afterwards.
 * @example const run = new RunUnderTest('npm', ['run', 'e2e']); const { ports } = await run.waitForTests(60_000);
 */
export class RunUnderTest {
  readonly pid: number;
  readonly exit: Promise<RunExit>;
  readonly #marker = randomUUID();
  /** Every process seen in the tree, with its command line: a pid is only killed while it still runs that. */
  readonly #seen = new Map<number, string>();
  #output = '';

  constructor(command: string, args: string[], env: Record<string, string> = {}) {
    // The caller's E2E_* and REF_* variables are dropped so that only `env` decides the configuration.
    const base = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('E2E_') && !k.startsWith('REF_')),
    );
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...base, FORCE_COLOR: '0', NO_COLOR: '1', ...env, [MARKER]: this.#marker },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.pid = child.pid!;
    child.stdout.on('data', (d: Buffer) => (this.#output += d));
    child.stderr.on('data', (d: Buffer) => (this.#output += d));
    this.exit = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
    );
  }

  /** How the started process exited, or undefined if it still runs after `timeoutMs`. */
  async exited(timeoutMs: number): Promise<RunExit | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
    return Promise.race([this.exit, timeout]).finally(() => clearTimeout(timer));
  }

  /** What the run printed so far, stdout and stderr interleaved. */
  output(): string {
    return this.#output;
  }

  /** The run's processes now, recorded for `leftovers` and `killAll`. */
  snapshot(): RunSnapshot {
    const pids = processTree(this.pid).filter(running);
    // Updated each time: a process seen before its exec (npm's `sh -c` child) shows its command later.
    for (const pid of pids) this.#seen.set(pid, commandLine(pid));
    return { pids, ports: listeningPorts(pids) };
  }

  /**
   * Waits until a test is under way: the reference stack listens and a vitest worker holds a
   * connection. Returns the tree then and its listening ports (the stack's two and the target control).
   */
  async waitForTests(timeoutMs: number): Promise<RunSnapshot> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const now = this.snapshot();
      // The stack runs its entry bundled (framework/target/reference-bundle.ts), or through tsx.
      const stack = now.pids.filter((pid) => /reference[/-]main(\.ts|-[0-9a-f]+\.mjs)/.test(commandLine(pid)));
      const workers = now.pids.filter((pid) => commandLine(pid).includes('vitest/dist/workers/'));
      const stackUp = listeningPorts(stack).length >= 2;
      const testing = hasConnection(workers);
      if (stackUp && testing) return now;
      if (Date.now() > end || !running(this.pid)) {
        const tree = now.pids.map((pid) => `  ${pid} ${commandLine(pid)}`).join('\n');
        throw new Error(
          `the run did not reach its tests within ${timeoutMs} ms (stack listening: ${stackUp}, a worker connected: ${testing})\nProcesses:\n${tree}\nOutput:\n${this.#output}`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * Processes of this run still running: those seen in its tree, and any that inherited its marker.
   * A process whose command line reads empty has already given back its memory and is in the
   * kernel's exit path (on a busy machine that can take a moment): it runs no code and is not left.
   */
  leftovers(): string[] {
    const pids = new Set([...this.#ownSeen(), ...processesWithEnv(MARKER, this.#marker)]);
    return [...pids].flatMap((pid) => {
      const command = commandLine(pid);
      return command === '' ? [] : [`${pid} ${command}`];
    });
  }

  /** SIGKILLs whatever of this run still runs; safe to call at any time, and more than once. */
  killAll(): void {
    if (running(this.pid)) this.snapshot();
    for (const pid of new Set([...this.#ownSeen(), ...processesWithEnv(MARKER, this.#marker)])) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone in between.
      }
    }
  }

  /** Seen pids that still run the command they ran when seen (a pid may have been reused since). */
  #ownSeen(): number[] {
    return [...this.#seen].filter(([pid, command]) => running(pid) && commandLine(pid) === command).map(([pid]) => pid);
  }
}
