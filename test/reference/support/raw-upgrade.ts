import { connect } from 'node:net';

export interface RawAnswer {
  readonly status: number;
  readonly head: string;
  readonly body: string;
}

/** Sends a hand-written upgrade request (to break the handshake on purpose) and reads the answer. */
export function rawUpgrade(wsUrl: string, lines: string[]): Promise<RawAnswer> {
  const url = new URL(wsUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    const chunks: Buffer[] = [];
    const answer = (): RawAnswer => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      return { status: Number(head.split(' ')[1]), head, body };
    };
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      // A 101 keeps the socket open: the head is the whole answer.
      if (answer().status === 101 && Buffer.concat(chunks).includes('\r\n\r\n')) socket.destroy();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(answer()));
    socket.setTimeout(3_000, () => socket.destroy(new Error('no answer within 3 s')));
  });
}

export function upgradeRequest(
  wsUrl: string,
  overrides: Record<string, string | undefined> = {},
  requestLine?: string,
): string[] {
  const url = new URL(wsUrl);
  const headers: Record<string, string | undefined> = {
    Host: url.host,
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version': '13',
    ...overrides,
  };
  return [
    requestLine ?? `GET ${url.pathname}${url.search} HTTP/1.1`,
    ...Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [`${name}: ${value}`])),
  ];
}
