import { lookup } from 'node:dns/promises';
import { connect as tcpConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** A host and port the harness must reach, and whether it speaks TLS there. */
export interface Endpoint {
  host: string;
  port: number;
  secure: boolean;
  /** The URLs that use it, for messages. */
  urls: string[];
}

/** A preflight step failed; `message` is the one-line diagnosis. */
export class StepFailure extends Error {
  /** `status`: the HTTP status that failed the step, when one came. */
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export function endpointOf(url: string): Endpoint {
  const u = new URL(url);
  const secure = u.protocol === 'https:' || u.protocol === 'wss:';
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return { host, port: u.port ? Number(u.port) : secure ? 443 : 80, secure, urls: [url] };
}

/** DNS: the host name resolves (IP literals pass as they are). */
export async function resolveName(e: Endpoint): Promise<string> {
  if (isIP(e.host)) return `${e.host} is an IP address`;
  try {
    const addresses = await lookup(e.host, { all: true });
    return `${e.host} → ${addresses.map((a) => a.address).join(', ')}`;
  } catch (error) {
    throw new StepFailure(
      `name not resolved: ${e.host} (${codeOf(error)}); check the URL in the env file and the runner's DNS`,
    );
  }
}

/** TCP: something accepts connections on host:port. */
export function openTcp(e: Endpoint, timeoutMs: number): Promise<string> {
  return withSocket(tcpConnect({ host: e.host, port: e.port }), 'connect', timeoutMs, (error) => {
    const code = codeOf(error);
    if (code === 'ECONNREFUSED') return `connection refused: ${e.host}:${e.port} (ECONNREFUSED): nothing listens there`;
    if (code === 'TIMEOUT')
      return `no TCP answer from ${e.host}:${e.port} within ${timeoutMs} ms: a firewall may drop the packets`;
    return `cannot open TCP to ${e.host}:${e.port} (${code})`;
  }).then((ms) => `${e.host}:${e.port} accepted a TCP connection in ${ms} ms`);
}

// The chain ends at a CA Node does not know: the one TLS failure a setting fixes, not the target.
const UNTRUSTED_CHAIN = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
]);

/** TLS: the handshake completes and the certificate verifies for the host name. */
export function openTls(e: Endpoint, timeoutMs: number): Promise<string> {
  const socket = tlsConnect({
    host: e.host,
    port: e.port,
    servername: isIP(e.host) ? undefined : e.host,
    ALPNProtocols: ['http/1.1'],
  });
  return withSocket(
    socket,
    'secureConnect',
    timeoutMs,
    (error) => {
      const code = codeOf(error);
      if (code === 'TIMEOUT') return `TLS error: no TLS handshake with ${e.host}:${e.port} within ${timeoutMs} ms`;
      const hint = UNTRUSTED_CHAIN.has(code)
        ? '; if the target uses a private CA, start the run with NODE_EXTRA_CA_CERTS=/path/ca.pem'
        : '';
      return `TLS error: ${e.host}:${e.port}: ${code}${(error as Error).message && code !== (error as Error).message ? ` (${(error as Error).message})` : ''}${hint}`;
    },
    () => {
      const cert = socket.getPeerCertificate();
      return `${socket.getProtocol() ?? 'TLS'}, certificate for ${cert.subject?.CN ?? '?'} valid until ${cert.valid_to ?? '?'}`;
    },
  ).then((detail) => `${e.host}:${e.port}: ${detail}`);
}

/** Waits for `ready` on a fresh socket, then closes it; a failure becomes a StepFailure. */
function withSocket<T = number>(
  socket: Socket,
  ready: 'connect' | 'secureConnect',
  timeoutMs: number,
  diagnose: (error: unknown) => string,
  describe?: () => T,
): Promise<T> {
  const started = performance.now();
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => fail(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })), timeoutMs);
    const fail = (error: unknown) => {
      clearTimeout(timer);
      socket.destroy();
      reject(new StepFailure(diagnose(error)));
    };
    socket.once('error', fail);
    socket.once(ready, () => {
      clearTimeout(timer);
      const result = describe ? describe() : (Math.round(performance.now() - started) as T);
      socket.off('error', fail);
      socket.on('error', () => {});
      socket.end();
      socket.destroy();
      resolve(result);
    });
  });
}

export function codeOf(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown };
  if (typeof e?.code === 'string') return e.code;
  return typeof e?.message === 'string' ? e.message : String(error);
}
