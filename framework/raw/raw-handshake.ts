import { createHash } from 'node:crypto';
import { connect as connectTcp, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { connect as connectTls } from 'node:tls';
import { Timeline } from '../client/timeline.ts';
import { E2eError } from '../errors.ts';
import { headerList, splitHead, type ResponseHead } from './http-head.ts';
import { RawConnection } from './raw-connection.ts';
import { buildUpgradeRequest, serializeRequest, type HeaderChanges } from './raw-request.ts';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface RawHandshakeOptions {
  /** ws:// or wss:// URL, query included. */
  url: string;
  changes?: HeaderChanges;
  method?: string;
  /** Bound on each phase: connect, the response head, a refusal's body. */
  timeoutMs: number;
  label?: string;
}

interface Answered {
  head: ResponseHead;
  durationMs: number;
  timeline: Timeline;
}

/** What the server did with an opening handshake written byte for byte. */
export type HandshakeAnswer =
  | (Answered & {
      kind: 'upgraded';
      /** Whether Sec-WebSocket-Accept matches the key sent (RFC 6455 §4.2.2). */
      acceptValid: boolean;
      /** Every Sec-WebSocket-Protocol value in the 101, repeats included. */
      selectedProtocols: string[];
      connection: RawConnection;
    })
  | (Answered & { kind: 'refused'; body: string })
  | { kind: 'no_answer'; code: NoAnswerCode; detail: string; durationMs: number; timeline: Timeline };

/** Why no HTTP answer came: the server hung past the timeout, or the connection failed or closed first. */
export type NoAnswerCode = 'E2E_HANDSHAKE_TIMEOUT' | 'E2E_HANDSHAKE_FAILED';

type NoAnswer = { code: NoAnswerCode; error: string };

/** Opens a TCP (or TLS) connection, writes the handshake, and reads the answer; never hangs, never throws on server behaviour. */
export async function rawHandshake(o: RawHandshakeOptions): Promise<HandshakeAnswer> {
  const url = new URL(o.url);
  const request = buildUpgradeRequest(url, o.changes, o.method);
  const timeline = new Timeline(o.label ?? 'raw');
  timeline.add({
    kind: 'connect',
    url: o.url,
    auth: `raw ${request.method}`,
    protocols: request.headers.filter(([n]) => n.toLowerCase() === 'sec-websocket-protocol').map(([, v]) => v),
  });
  timeline.add({ kind: 'note', message: `headers: ${request.headers.map(([n, v]) => `${n}: ${v}`).join(' | ')}` });
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const noAnswer = ({ code, error: detail }: NoAnswer): HandshakeAnswer => {
    timeline.add({ kind: 'error', message: detail });
    return { kind: 'no_answer', code, detail, durationMs: elapsed(), timeline };
  };

  let socket: Socket;
  try {
    socket = await open(url, o.timeoutMs);
  } catch (error) {
    const code =
      error instanceof E2eError && error.code === 'E2E_HANDSHAKE_TIMEOUT' ? error.code : 'E2E_HANDSHAKE_FAILED';
    return noAnswer({ code, error: (error as Error).message });
  }
  socket.write(serializeRequest(request));
  const got = await readHead(socket, o.timeoutMs);
  if ('error' in got) {
    socket.destroy();
    return noAnswer(got);
  }
  const { head, rest } = got;
  if (head.status === 101) {
    const selectedProtocols = headerList(head, 'sec-websocket-protocol');
    timeline.add({ kind: 'open', protocol: selectedProtocols.join(', '), status: 101 });
    const expected = request.key
      ? createHash('sha1')
          .update(request.key + GUID)
          .digest('base64')
      : undefined;
    const acceptValid = expected !== undefined && head.headers.get('sec-websocket-accept')?.[0] === expected;
    return {
      kind: 'upgraded',
      head,
      acceptValid,
      selectedProtocols,
      connection: new RawConnection(socket, timeline, rest),
      durationMs: elapsed(),
      timeline,
    };
  }
  const body = await readBody(socket, head, rest, o.timeoutMs);
  socket.destroy();
  timeline.add({ kind: 'refused', status: head.status, body: body.slice(0, 500) });
  return { kind: 'refused', head, body, durationMs: elapsed(), timeline };
}

function open(url: URL, timeoutMs: number): Promise<Socket> {
  const secure = url.protocol === 'wss:' || url.protocol === 'https:';
  const port = Number(url.port || (secure ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket: Socket = secure
      ? connectTls({ host, port, servername: host, ALPNProtocols: ['http/1.1'] }, () => done())
      : connectTcp({ host, port }, () => done());
    const timer = setTimeout(
      () =>
        fail(
          new E2eError(
            'E2E_HANDSHAKE_TIMEOUT',
            `no ${secure ? 'TLS' : 'TCP'} connection to ${url.host} within ${timeoutMs} ms`,
          ),
        ),
      timeoutMs,
    );
    const onError = (error: Error) =>
      fail(new E2eError('E2E_HANDSHAKE_FAILED', `connecting to ${url.host}: ${error.message}`, { cause: error }));
    socket.once('error', onError);
    function done() {
      clearTimeout(timer);
      socket.off('error', onError);
      resolve(socket);
    }
    function fail(error: Error) {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    }
  });
}

function readHead(socket: Socket, timeoutMs: number): Promise<{ head: ResponseHead; rest: Buffer } | NoAnswer> {
  return new Promise((resolve) => {
    let data = Buffer.alloc(0);
    const finish = (result: { head: ResponseHead; rest: Buffer } | NoAnswer) => {
      clearTimeout(timer);
      socket.off('data', onData).off('close', onClose).off('error', onError);
      socket.pause(); // nothing may be lost before the next reader attaches
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const split = splitHead(data);
      if (split) finish(split);
    };
    const onClose = () =>
      finish({
        code: 'E2E_HANDSHAKE_FAILED',
        error: data.length
          ? `connection closed after a partial answer: ${JSON.stringify(data.toString('latin1').slice(0, 200))}`
          : 'connection closed without an answer',
      });
    const onError = (error: Error) =>
      finish({ code: 'E2E_HANDSHAKE_FAILED', error: `socket error before an answer: ${error.message}` });
    const timer = setTimeout(
      () =>
        finish({ code: 'E2E_HANDSHAKE_TIMEOUT', error: `no response head within ${timeoutMs} ms (the server hung)` }),
      timeoutMs,
    );
    socket.on('data', onData).on('close', onClose).on('error', onError);
  });
}

// A refusal's body: up to Content-Length, or until the server closes, or the timeout.
function readBody(socket: Socket, head: ResponseHead, rest: Buffer, timeoutMs: number): Promise<string> {
  const length = Number(head.headers.get('content-length')?.[0] ?? Number.NaN);
  return new Promise((resolve) => {
    let data = rest;
    const complete = () => Number.isFinite(length) && data.length >= length;
    const finish = () => {
      clearTimeout(timer);
      socket.off('data', onData).off('close', finish).off('error', finish);
      resolve(data.toString('utf8').slice(0, 4000));
    };
    const onData = (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (complete()) finish();
    };
    const timer = setTimeout(finish, timeoutMs);
    if (complete() || socket.destroyed) return finish();
    socket.on('data', onData).on('close', finish).on('error', finish);
    socket.resume();
  });
}
