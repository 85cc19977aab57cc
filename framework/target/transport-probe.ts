import type { AuthMode } from '../config/config.ts';
import { endsRun, type Contract } from '../contract/types.ts';
import { Opcode, type Frame } from '../raw/frame.ts';
import type { RawConnection } from '../raw/raw-connection.ts';
import { rawHandshake } from '../raw/raw-handshake.ts';
import type { HeaderChanges } from '../raw/raw-request.ts';
import { redactor } from '../report/redactor.ts';

/** What one upgrade with a valid token, over one transport, came to. */
export interface TransportProbe {
  transport: AuthMode;
  /** For the subprotocol transport: the entry's encoding when it is not the contract's own. */
  encoding?: 'raw' | 'base64url';
  kind: 'ready' | 'no_ready' | 'refused' | 'no_answer';
  /** HTTP status of the answer (101 when upgraded). */
  status?: number;
  /** The subprotocol the server selected ('' for none) when upgraded. */
  selected?: string;
  /** One line for the preflight's step list (body snippets redacted). */
  detail: string;
}

export interface ProbeOptions {
  wsUrl: string;
  contract: Contract;
  token: string;
  handshakeTimeoutMs: number;
  eventTimeoutMs: number;
}

/** Longest a probe waits for the end of the run it started, in event timeouts. */
const RUN_END_WAIT_EVENTS = 4;

/**
 * Waits for the end of the run a probe started (its completion, failure or error event), up to a
 * few event timeouts, and never throws: the probe's verdict is already in. A probe that dropped
 * its connection mid-run would leave the backend a run to write into a closed socket: a server
 * with that bug would crash on the preflight, before the check meant to find it.
 */
async function letRunEnd(connection: RawConnection, o: ProbeOptions): Promise<void> {
  const isEnd = (f: Frame) => {
    const event = f.opcode === Opcode.text ? o.contract.decode(f.payload.toString('utf8')) : undefined;
    return event !== undefined && endsRun(o.contract, event);
  };
  await connection.waitForFrame(isEnd, { timeoutMs: RUN_END_WAIT_EVENTS * o.eventTimeoutMs }).catch(() => undefined);
}

/** One upgrade with `token` over `transport`, offering the contract's subprotocol; waits for the ready event after a 101. */
export async function probeTransport(
  o: ProbeOptions,
  transport: AuthMode,
  entry?: { encoding: 'raw' | 'base64url' },
): Promise<TransportProbe> {
  redactor.register(o.token);
  const url = new URL(o.wsUrl);
  const protocols = o.contract.subprotocol ? [o.contract.subprotocol] : [];
  const changes: [string, string][] = [];
  if (transport === 'header') changes.push(['Authorization', `Bearer ${o.token}`]);
  if (transport === 'query') url.searchParams.set('token', o.token);
  if (transport === 'subprotocol') {
    const value = entry
      ? `jwt.${entry.encoding === 'raw' ? o.token : Buffer.from(o.token).toString('base64url')}`
      : o.contract.tokenSubprotocol(o.token);
    redactor.register(value);
    protocols.push(value);
  }
  if (protocols.length > 0) changes.push(['Sec-WebSocket-Protocol', protocols.join(', ')]);
  const answer = await rawHandshake({
    url: url.toString(),
    changes: changes as HeaderChanges,
    timeoutMs: o.handshakeTimeoutMs,
    label: `preflight-${transport}`,
  });
  const base = { transport, ...(entry ? { encoding: entry.encoding } : {}) };
  if (answer.kind === 'no_answer') return { ...base, kind: 'no_answer', detail: answer.detail };
  if (answer.kind === 'refused') {
    const snippet = redactor.redact(answer.body.replace(/\s+/g, ' ').slice(0, 120));
    return {
      ...base,
      kind: 'refused',
      status: answer.head.status,
      detail: `HTTP ${answer.head.status}${snippet ? ` ${snippet}` : ''}`,
    };
  }
  const selected = answer.selectedProtocols.join(', ');
  const connection = answer.connection;
  // A protocol with no ready event (AG-UI) proves the connection by answering a run: its start event.
  const { readyEvent = o.contract.startEvent } = o.contract;
  if (o.contract.readyEvent === undefined) {
    const message = o.contract.encodeUserMessage({ id: `preflight_${transport}`, content: o.contract.prompts.simple });
    connection.send({ opcode: Opcode.text, payload: message });
  }
  const isReady = (text: string) => o.contract.decode(text)?.type === readyEvent;
  try {
    await connection.waitForFrame((f) => f.opcode === Opcode.text && isReady(f.payload.toString('utf8')), {
      timeoutMs: o.eventTimeoutMs,
    });
    if (o.contract.readyEvent === undefined) await letRunEnd(connection, o);
    return {
      ...base,
      kind: 'ready',
      status: 101,
      selected,
      detail: `101${selected ? ` (${selected})` : ' (no subprotocol)'}, ${readyEvent}`,
    };
  } catch (error) {
    const first = connection.frames[0];
    const seen = first
      ? `first frame: opcode ${first.opcode}, ${JSON.stringify(redactor.redact(first.payload.toString('utf8').slice(0, 80)))}`
      : 'no frame';
    const why = (error as Error).message;
    return {
      ...base,
      kind: 'no_ready',
      status: 101,
      selected,
      detail: `101, then no ${readyEvent} within ${o.eventTimeoutMs} ms (${seen}; ${why})`,
    };
  } finally {
    connection.destroy();
  }
}
