import { E2eError, type E2eErrorCode } from '../errors.ts';
import { redactor } from '../report/redactor.ts';
import type { Timeline } from './timeline.ts';

/** An error about one connection: its message ends with that connection's timeline. */
export class ClientError extends E2eError {
  readonly timeline: Timeline;

  constructor(code: E2eErrorCode, message: string, timeline: Timeline) {
    super(code, redactor.redact(`${message}\n\n${timeline.render()}`));
    this.name = 'ClientError';
    this.timeline = timeline;
  }
}

/** The server refused the upgrade, or the handshake failed before a 101. */
export class HandshakeError extends ClientError {
  /** HTTP status of a refused upgrade, when the server answered one. */
  readonly status: number | undefined;
  readonly body: string | undefined;
  readonly headers: Record<string, string | string[] | undefined>;

  constructor(message: string, timeline: Timeline, response?: { status: number; body: string; headers: Record<string, string | string[] | undefined> }) {
    super(response ? 'E2E_HANDSHAKE_REFUSED' : 'E2E_HANDSHAKE_FAILED', message, timeline);
    this.name = 'HandshakeError';
    this.status = response?.status;
    this.body = response?.body;
    this.headers = response?.headers ?? {};
  }
}
