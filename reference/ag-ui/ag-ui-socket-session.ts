import { EventType, type Event as AgUiEvent } from '@ag-ui/core';
import type { RawData } from 'ws';
import { frameText } from '../backend/connection/parse-client-message.ts';
import type { Logger } from '../log/json-logger.ts';
import type { AgUiRun, AgUiRunner } from './ag-ui-runner.ts';
import { parseRunInputText, type ParsedRunInput } from './parse-run-input.ts';

/** What a session needs from its WebSocket. */
export interface AgUiSocket {
  readonly id: string;
  /** Sends one JSON text frame; false once the socket has closed. */
  send(frame: AgUiEvent): boolean;
  close(code: number, reason: string): void;
}

export interface AgUiSessionOptions {
  /** Fault crash_on_malformed: invalid JSON closes the socket 1011 instead of a RUN_ERROR. */
  readonly crashOnMalformed: boolean;
  readonly log: Logger;
}

/**
 * AG-UI over one WebSocket: each text frame is a RunAgentInput that starts a run, whose events come
 * back one per frame. A frame that is not one is answered RUN_ERROR (`invalid_json` or
 * `invalid_input`) and the socket stays open for the next run.
 */
export class AgUiSocketSession {
  private readonly runs = new Set<AgUiRun>();

  constructor(
    private readonly socket: AgUiSocket,
    private readonly runner: AgUiRunner,
    private readonly options: AgUiSessionOptions,
  ) {}

  receive(data: RawData, isBinary: boolean): void {
    const parsed: ParsedRunInput = isBinary
      ? {
          ok: false,
          code: 'invalid_json',
          message: 'binary frames are not supported; send a RunAgentInput as JSON text',
        }
      : parseRunInputText(frameText(data));
    if (!parsed.ok) {
      if (parsed.code === 'invalid_json' && this.options.crashOnMalformed) {
        this.options.log.error('handler crashed on malformed input (fault)', { connection_id: this.socket.id });
        return this.socket.close(1011, 'internal error');
      }
      this.socket.send({ type: EventType.RUN_ERROR, message: parsed.message, code: parsed.code });
      return;
    }
    const run = this.runner.start(parsed.input, parsed.prompt, {
      transport: 'ws',
      id: this.socket.id,
      send: (event) => this.socket.send(event),
      fail: () => this.socket.close(1011, 'internal error'),
    });
    this.runs.add(run);
    void run.done.then(() => this.runs.delete(run));
  }

  /** The socket has closed: its runs have no one left to talk to. */
  stop(): void {
    for (const run of this.runs) run.stop();
    this.runs.clear();
  }
}
