import { randomBytes } from 'node:crypto';
import { EventType, type Event as AgUiEvent } from '@ag-ui/core';
import { WebSocket, type RawData } from 'ws';
import type { AgUiRunner } from '../../ag-ui/ag-ui-runner.ts';
import { AgUiSocketSession } from '../../ag-ui/ag-ui-socket-session.ts';
import type { ClientMessage, ServerFrame } from '../../contract/agent-chat-types.ts';
import type { RunManager } from '../../agent/run-manager.ts';
import type { RunSubscriber } from '../../agent/run.ts';
import type { ReferenceConfig } from '../../config/reference-config.ts';
import { errorMessage, type Logger } from '../../log/json-logger.ts';
import type { AuthMethod } from '../upgrade/authenticate-upgrade.ts';
import { CHAT_SUBPROTOCOL } from '../upgrade/select-subprotocol.ts';
import type { VerifiedIdentity } from '../upgrade/token-verifier.ts';
import { closeWithDeadline } from './close-with-deadline.ts';
import { startHeartbeat } from './heartbeat.ts';
import { startIdleCut, type IdleCut } from './idle-cut.ts';
import { parseClientMessage } from './parse-client-message.ts';
import { TokenBucket } from './token-bucket.ts';
import { watchTokenExpiry } from './token-expiry.ts';

export interface ChatConnectionDeps {
  readonly config: ReferenceConfig;
  readonly log: Logger;
  readonly runs: RunManager;
  /** Under the ag_ui dialect: a connection that did not negotiate agent_chat speaks AG-UI. */
  readonly agUi?: AgUiRunner;
  readonly onClose: (connection: ChatConnection) => void;
}

/** One open WebSocket: greets, validates and dispatches messages, enforces rate, heartbeat, expiry. */
export class ChatConnection implements RunSubscriber {
  readonly id = `conn_${randomBytes(8).toString('hex')}`;
  readonly userId: string;
  private readonly openedAt = Date.now();
  private readonly bucket: TokenBucket;
  private readonly stops: Array<() => void> = [];
  private idleCut: IdleCut | undefined;
  private agUi: AgUiSocketSession | undefined;
  private markClosed: () => void = () => {};
  /** Settles once the socket has closed, however it closed. */
  readonly closed = new Promise<void>((resolve) => {
    this.markClosed = resolve;
  });

  constructor(
    private readonly ws: WebSocket,
    private readonly identity: VerifiedIdentity,
    private readonly method: AuthMethod,
    private readonly deps: ChatConnectionDeps,
  ) {
    this.userId = identity.userId;
    this.bucket = new TokenBucket(deps.config.rateBurst, deps.config.ratePerS);
  }

  start(): void {
    const { config, log } = this.deps;
    const { faults } = config;
    this.ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    this.ws.on('ping', () => this.idleCut?.touch());
    this.ws.on('pong', () => this.idleCut?.touch());
    this.ws.on('error', (error) => log.warn('socket error', { connection_id: this.id, error: errorMessage(error) }));
    this.ws.once('close', (code, reason) => this.onClosed(code, reason.toString()));
    if (faults.idle_cut !== undefined) {
      const cut = startIdleCut(faults.idle_cut, () => {
        log.warn('idle cut (fault)', { connection_id: this.id, idle_ms: faults.idle_cut });
        this.ws.terminate();
      });
      this.idleCut = cut;
      this.stops.push(() => cut.stop());
    }
    if (!faults.no_keepalive) {
      this.stops.push(
        startHeartbeat(this.ws, {
          pingIntervalMs: config.pingIntervalMs,
          idleLimitMs: config.idleLimitMs,
          onPing: () => this.idleCut?.touch(),
          onIdle: () => {
            log.warn('idle timeout', { connection_id: this.id, idle_limit_ms: config.idleLimitMs });
            // python_close_codes: Python's websockets fails the connection 1011 on a keepalive timeout.
            if (config.dialects.has('python_close_codes')) this.close(1011, 'keepalive ping timeout');
            else this.close(1001, 'idle timeout');
          },
        }),
      );
    }
    if (!faults.no_expiry_check) {
      this.stops.push(watchTokenExpiry(this.identity.exp, () => this.onTokenExpired(), log, this.id));
    }
    // Under echo_token_subprotocol the selected protocol is the token itself: never log it.
    const protocol = this.ws.protocol.startsWith('jwt.') ? 'jwt.[redacted]' : this.ws.protocol || null;
    if (this.deps.agUi && this.ws.protocol !== CHAT_SUBPROTOCOL) {
      const session = new AgUiSocketSession(this, this.deps.agUi, {
        crashOnMalformed: !!faults.crash_on_malformed,
        log,
      });
      this.agUi = session;
      // Its runs end with the socket; under crash_after_client_close they go on, as the buggy
      // server's would, so that the next event is a send after close (as over SSE).
      if (!faults.crash_after_client_close) this.stops.push(() => session.stop());
    }
    const contract = this.agUi ? 'ag_ui' : 'agent_chat';
    log.info('connection open', {
      connection_id: this.id,
      user_id: this.userId,
      auth: this.method,
      protocol,
      contract,
    });
    // AG-UI has no greeting: the socket is ready once upgraded.
    if (this.agUi) return;
    this.send({
      type: 'connection_established',
      connection_id: this.id,
      user_id: this.userId,
      server_time: new Date().toISOString(),
    });
  }

  /** Sends a frame; on a closed socket logs and returns false (or crashes, under a fault). */
  send(frame: ServerFrame | AgUiEvent): boolean {
    if (this.ws.readyState !== WebSocket.OPEN) {
      if (this.deps.config.faults.crash_after_client_close) {
        this.deps.log.error('send after close', { connection_id: this.id, type: frame.type });
        // Escapes every catch on purpose: the bug this fault models kills the process.
        process.nextTick(() => {
          throw new Error('send after close');
        });
        return false;
      }
      this.deps.log.warn('send after close ignored', { connection_id: this.id, type: frame.type });
      return false;
    }
    this.ws.send(JSON.stringify(frame));
    this.idleCut?.touch();
    return true;
  }

  close(code: number, reason: string): void {
    closeWithDeadline(this.ws, code, reason);
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    this.idleCut?.touch();
    if (!this.deps.config.faults.no_rate_limit && !this.bucket.take()) {
      this.deps.log.warn('rate limit exceeded', { connection_id: this.id, user_id: this.userId });
      return this.close(1008, 'rate limit exceeded');
    }
    if (this.agUi) return this.agUi.receive(data, isBinary);
    const parsed = parseClientMessage(data, isBinary, { resume: !this.deps.config.dialects.has('no_resume') });
    if (!parsed.ok) {
      if (parsed.error.code === 'invalid_json' && this.deps.config.faults.crash_on_malformed) {
        this.deps.log.error('handler crashed on malformed input (fault)', { connection_id: this.id });
        return this.close(1011, 'internal error');
      }
      this.send(parsed.error);
      return;
    }
    try {
      this.dispatch(parsed.message);
    } catch (error) {
      // A genuine internal fault: the only case where 1011 is the honest answer.
      this.deps.log.error('message handler failed', { connection_id: this.id, error: errorMessage(error) });
      this.close(1011, 'internal error');
    }
  }

  private dispatch(message: ClientMessage): void {
    if (message.type === 'user_message') {
      this.deps.runs.start(this, message);
      return;
    }
    const refusal = this.deps.runs.resume(this, message);
    if (refusal) this.send(refusal);
  }

  private onTokenExpired(): void {
    this.deps.log.info('token expired', { connection_id: this.id, user_id: this.userId });
    const message = 'the access token expired; reconnect with a fresh one';
    // In AG-UI's words the only error frame is RUN_ERROR.
    this.send(
      this.agUi
        ? { type: EventType.RUN_ERROR, code: 'token_expired', message }
        : { type: 'error', code: 'token_expired', message },
    );
    this.close(1008, 'token expired');
  }

  private onClosed(code: number, reason: string): void {
    for (const stop of this.stops) stop();
    this.deps.onClose(this);
    this.markClosed();
    this.deps.log.info('connection close', {
      connection_id: this.id,
      user_id: this.userId,
      code,
      reason,
      duration_ms: Date.now() - this.openedAt,
    });
  }
}
