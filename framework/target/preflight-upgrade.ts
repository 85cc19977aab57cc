import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import { FrameCheck, type FrameCheckResult } from '../raw/ws-frame-check.ts';
import { redactor } from '../report/redactor.ts';
import { codeOf, StepFailure } from './preflight-network.ts';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
// A masked close frame, code 1000: leave politely after a 101.
const CLOSE_1000 = Buffer.from([0x88, 0x82, 0, 0, 0, 0, 0x03, 0xe8]);
// How long a 101 waits for its first frame. A server that sends bytes that are not frames sends
// them at once; one that upgrades a request without a token may well stay silent, and passes.
const FIRST_FRAME_MS = 2_000;

/**
 * One bare upgrade (no token) to the WebSocket URL. A 101 with a correct accept key, or a 401/403
 * from an endpoint that authenticates before upgrading, shows upgrades get through. Anything else
 * means something in between answered without `Upgrade`. After a 101 the first frame is read as
 * ws reads it: bytes that are not WebSocket frames fail the step with the protocol error ws names.
 */
export function bareUpgrade(wsUrl: string, timeoutMs: number, subprotocol?: string): Promise<string> {
  const url = new URL(wsUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  const key = randomBytes(16).toString('base64');
  const headers: Record<string, string> = {
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': key,
  };
  if (subprotocol) headers['Sec-WebSocket-Protocol'] = subprotocol;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const where = `GET ${url.pathname} with Upgrade: websocket`;

  const started = performance.now();
  return new Promise<string>((resolve, reject) => {
    const req = send(url, { headers, agent: false, timeout: timeoutMs });
    let settled = false;
    const done = (error: StepFailure | undefined, detail?: string) => {
      if (settled) return;
      settled = true;
      req.destroy();
      if (error) reject(error);
      else resolve(detail!);
    };
    req.on('timeout', () => done(new StepFailure(`upgrade: ${where} got no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => done(new StepFailure(`upgrade: ${where} failed (${codeOf(error)})`)));
    req.on('upgrade', (res: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => {});
      const expected = createHash('sha1')
        .update(key + GUID)
        .digest('base64');
      if (String(res.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
        socket.destroy();
        return done(
          new StepFailure(`proxy answered without Upgrade: ${where} got 101 but no "Upgrade: websocket" header`),
        );
      }
      if (res.headers['sec-websocket-accept'] !== expected) {
        socket.destroy();
        return done(
          new StepFailure(
            `upgrade: ${where} got 101 with a wrong Sec-WebSocket-Accept: something in between rewrote the handshake`,
          ),
        );
      }
      const upgraded = `101 Switching Protocols${res.headers['sec-websocket-protocol'] ? `, protocol ${String(res.headers['sec-websocket-protocol'])}` : ''}`;
      // Finish before the step's own bound, so that silence after the 101 is not taken for no answer.
      const waitMs = Math.min(FIRST_FRAME_MS, timeoutMs - (performance.now() - started) - 100);
      void firstFrame(socket, head, waitMs).then(({ result, firstBytes }) => {
        // Leave once the close frame is out: a server that keeps streaming must not keep the socket (and the run) alive.
        socket.end(CLOSE_1000, () => socket.destroy());
        if (result.kind === 'invalid') {
          return done(
            new StepFailure(
              `not WebSocket after the upgrade: ${where} got 101, then bytes that are not WebSocket frames: ${result.message} (${result.wsCode}); they began ${firstBytes}: something writes into the upgraded connection (a proxy's error page, or a server that does not speak WebSocket after the 101)`,
            ),
          );
        }
        const then =
          result.kind === 'frame'
            ? `then ${result.what}`
            : result.kind === 'closed'
              ? 'then the server closed the connection'
              : `no frame within ${Math.max(0, Math.round(waitMs))} ms`;
        done(undefined, `${upgraded}, ${then}`);
      });
    });
    req.on('response', (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body = (body + chunk).slice(0, 300)));
      res.on('error', () => {});
      const judge = () => {
        const verdict = judgeRefusal(res, where, body);
        if (typeof verdict === 'string') done(undefined, verdict);
        else done(verdict);
      };
      res.on('end', judge);
      res.on('close', judge);
    });
    req.end();
  });
}

type AfterUpgrade = FrameCheckResult | { kind: 'closed' | 'silent' };

// The first frame after a 101, or ws's objection to the bytes, or the end of the connection, or nothing within `waitMs`.
function firstFrame(
  socket: Duplex,
  head: Buffer,
  waitMs: number,
): Promise<{ result: AfterUpgrade; firstBytes: string }> {
  const check = new FrameCheck();
  let first = Buffer.from(head.subarray(0, 48));
  return new Promise((resolve) => {
    const finish = (result: AfterUpgrade) => {
      clearTimeout(timer);
      socket.off('data', onData).off('close', onClose);
      check.destroy();
      resolve({ result, firstBytes: redactor.redact(JSON.stringify(first.toString('latin1'))) });
    };
    const onData = (chunk: Buffer) => {
      if (first.length < 48) first = Buffer.concat([first, chunk.subarray(0, 48 - first.length)]);
      check.push(chunk);
    };
    const onClose = () => finish({ kind: 'closed' });
    const timer = setTimeout(() => finish({ kind: 'silent' }), Math.max(0, waitMs));
    check.onResult(finish);
    socket.on('data', onData).on('close', onClose);
    if (head.length > 0) check.push(head);
  });
}

// A non-101 answer: an auth refusal proves the upgrade reached the WebSocket endpoint.
function judgeRefusal(res: IncomingMessage, where: string, body: string): StepFailure | string {
  const status = res.statusCode ?? 0;
  const snippet = redactor.redact(body.replace(/\s+/g, ' ').slice(0, 120));
  if (status === 401 || status === 403)
    return `HTTP ${status} before the upgrade: the endpoint authenticates first, as it should for a request without a token`;
  if (status === 404)
    return new StepFailure(`HTTP status: ${where} answered 404: no WebSocket endpoint at that path (check E2E_WS_URL)`);
  if (status >= 500) return new StepFailure(`HTTP status: ${where} answered ${status}${snippet ? `: ${snippet}` : ''}`);
  const upgrade = res.headers.upgrade ? `Upgrade: ${String(res.headers.upgrade)}` : 'no Upgrade header';
  return new StepFailure(
    `proxy answered without Upgrade: ${where} got HTTP ${status} (${upgrade}) instead of 101; a proxy or load balancer in front may not pass WebSocket upgrades${snippet ? ` — body: ${snippet}` : ''}`,
  );
}
