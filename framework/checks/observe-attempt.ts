import type { ChatClient } from '../client/chat-client.ts';
import { HandshakeError, type ClientError } from '../client/errors.ts';
import { redactor } from '../report/redactor.ts';
import type { Observation } from './judgement.ts';

/** What one `connect.attempt` came to, from the client's point of view. */
export interface AttemptSummary extends Observation {
  /** The server answered 101. */
  upgraded: boolean;
  /** The ready event arrived. */
  ready: boolean;
  /** Still open when summarised. */
  open: boolean;
  /** The server kept the connection open: still open, or the client gave up waiting for the ready event. */
  keptOpen: boolean;
  /** The refusal's JSON `error` field, if any. */
  errorField: string | undefined;
}

/** Summarises an attempt: refused with a status, failed before any, or upgraded (and then what). */
export function summarizeAttempt({
  client,
  error,
}: {
  client: ChatClient;
  error?: ClientError | undefined;
}): AttemptSummary {
  const upgraded = client.timeline.entries.some((e) => e.kind === 'open');
  const ready = client.ready !== undefined;
  const close = client.closeInfo;
  if (error instanceof HandshakeError && error.status !== undefined) {
    const errorField = jsonField(error.body, 'error');
    return {
      upgraded: false,
      ready: false,
      open: false,
      keptOpen: false,
      errorField,
      httpStatus: error.status,
      observed: redactor.redact(
        `HTTP ${error.status} before the upgrade${error.body ? `: ${error.body.slice(0, 160)}` : ''}`,
      ),
    };
  }
  if (!upgraded) {
    return {
      upgraded: false,
      ready: false,
      open: false,
      keptOpen: false,
      errorField: undefined,
      observed: redactor.redact(`no HTTP status: ${error?.message ?? 'handshake failed'}`),
    };
  }
  const parts = [`101 (protocol ${client.protocol || 'none'})`];
  if (ready) parts.push(`${client.ready!.type}${client.ready?.userId ? ` for ${client.ready.userId}` : ''}`);
  if (close)
    parts.push(
      `then close ${close.code}${close.reason ? ` "${close.reason}"` : ''}${close.by === 'none' ? ' without a close frame' : ''}`,
    );
  else if (!ready && error) parts.push(error.message);
  return {
    upgraded: true,
    ready,
    open: client.isOpen,
    keptOpen: client.isOpen || error?.code === 'E2E_WS_TIMEOUT',
    errorField: undefined,
    httpStatus: 101,
    ...(close ? { closeCode: close.code, closeReason: close.reason, clean: close.by !== 'none' } : {}),
    observed: redactor.redact(parts.join(', ')),
  };
}

function jsonField(body: string | undefined, field: string): string | undefined {
  try {
    const value = (JSON.parse(body ?? '') as Record<string, unknown>)[field];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
