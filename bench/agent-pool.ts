import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../framework/config/load-config.ts';
import type { AgentMessage, AgentTask, Figures } from './tasks.ts';

const AGENT = fileURLToPath(new URL('./agent.ts', import.meta.url));

/** A running agent: its figures when it holds, and its final figures. */
export interface Agent {
  held: Promise<Figures>;
  result: Promise<Figures>;
  release(): void;
  kill(): void;
}

/** Forks an agent for `task`; it is killed if it has not finished within `timeoutMs`. */
export function startAgent(task: AgentTask, timeoutMs: number): Agent {
  const child: ChildProcess = fork(AGENT, [], {
    cwd: PROJECT_ROOT,
    execArgv: ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let onHeld: (f: Figures) => void = () => {};
  const held = new Promise<Figures>((resolve) => (onHeld = resolve));
  const result = new Promise<Figures>((resolve, reject) => {
    let outcome: AgentMessage | undefined;
    const timer = setTimeout(() => {
      outcome ??= { type: 'error', message: `did not finish within ${Math.round(timeoutMs / 1000)} s` };
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('message', (m: AgentMessage) => {
      if (m.type === 'held') onHeld(m.figures);
      else outcome = m;
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (outcome?.type === 'result') return resolve(outcome.figures);
      reject(
        new Error(
          `${task.phase} (${task.kind}) agent: ${outcome?.type === 'error' ? outcome.message : `exited (${signal ?? `code ${code}`})`}`,
        ),
      );
    });
  });
  result.catch(() => onHeld({}));
  child.send(task);
  return {
    held,
    result,
    release: () => void (child.connected && child.send({ type: 'release' })),
    kill: () => void child.kill('SIGKILL'),
  };
}

/** Runs a task that does not hold, start to finish. */
export function runAgent(task: AgentTask, timeoutMs: number): Promise<Figures> {
  return startAgent(task, timeoutMs).result;
}
